import Foundation

/// Runs a draft: selects recipients, merges each with the template, checks everything, and
/// writes the new letters to the queue in one transaction: all of them or none.
public struct Drafter: Sendable {
    public let templates: TemplateLoader
    public let recipients: RecipientReader
    public let queue: LetterQueue
    public let profile: Profile
    /// The draft time (Date header, `{{date}}`, and "today" for ended terms).
    public let date: Date
    /// How many recipients are merged per parallel step.
    public var chunkSize = 512

    public init(
        templates: TemplateLoader, recipients: RecipientReader, queue: LetterQueue, profile: Profile,
        date: Date = Date()
    ) {
        self.templates = templates
        self.recipients = recipients
        self.queue = queue
        self.profile = profile
        self.date = date
    }

    /// The templates a draft may use: the one named, or every template whose audience is the
    /// role, one to be chosen per recipient (see `TemplateChoice`).
    /// - Parameters:
    ///   - name: `--template NAME`, or nil.
    ///   - role: the role written to.
    /// - Returns: the templates, sorted by name; whether one was named; and, without a name,
    ///   the templates left out (broken and written for other roles, or unfinished; see
    ///   `TemplateLoader.loadAll(for:)`).
    /// - Throws: `InputError.templateNotFound` and the template's own errors (several as a
    ///   `ProblemList`); `MergeError.noTemplateForRole`, `.templateNotForRole`.
    public func candidateTemplates(named name: String?, role: Role) throws -> (
        templates: [LetterTemplate], explicit: Bool, leftOut: [any OutreachError]
    ) {
        if let name {
            let template = try templates.load(named: name)
            guard template.audience.contains(role.rawValue) else {
                throw MergeError.templateNotForRole(template: name, role: role.rawValue, audience: template.audience)
            }
            return ([template], true, [])
        }
        let found = try templates.loadAll(for: role)
        if found.templates.isEmpty {
            throw MergeError.noTemplateForRole(role: role.rawValue, available: found.loaded)
        }
        return (found.templates, false, found.leftOut)
    }

    /// Throws when no row of the lists has `role`, naming the nearest roles they have.
    /// - Parameter role: the role asked for.
    /// - Throws: `MergeError.roleNotInLists`; what `RecipientReader.forEachRow` throws.
    func checkRoleIsInLists(_ role: Role) throws {
        var roles = Set<String>()
        try recipients.forEachRow { roles.insert($0.role) }
        if !roles.contains(role.rawValue) {
            throw MergeError.roleNotInLists(
                role: role.rawValue, fileCount: recipients.files.count, roles: roles.sorted(),
                nearest: NearestNames.nearest(to: role.rawValue, in: roles.sorted()))
        }
    }

    /// Drafts for one role.
    /// - Parameters:
    ///   - request: the role and selection, the template, the limit, `--again` and the note.
    ///   - progress: called now and then with the number of rows read.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: as `run(_:progress:)` for several.
    public func run(_ request: DraftRequest, progress: ((Int) -> Void)? = nil) throws -> DraftSummary {
        try run([request], progress: progress).first ?? DraftSummary(template: "", role: "")
    }

    /// Drafts for several roles (`--to mayor --to council-member`) in one transaction: every
    /// role's letters or none. Each recipient gets its template (`TemplateChoice`: the one named
    /// with `--template`, else the one of its role's templates that fits it). `--limit` counts
    /// the letters of all the roles.
    /// - Parameters:
    ///   - requests: one per role, in order.
    ///   - progress: called now and then with the number of rows read.
    /// - Returns: one summary per request, in order.
    /// - Throws: `MergeError` and `InputError` for the templates, the selection and the data
    ///   (several at once as a `ProblemList`); `InputError.controlCharacter` or `.fileTooLarge`
    ///   (past `InputLimits.noteBytes`) for the note; `MergeError.ambiguousTemplate` for
    ///   templates of a role with the same `sender` and `where`, which no recipient could tell
    ///   apart; `MergeError.notSendersOffice` when a resident's template would go to an office
    ///   outside the sender's own; `MergeError.noRecipients` when nothing matched a role.
    ///   Nothing is written when it throws.
    public func run(_ requests: [DraftRequest], progress: ((Int) -> Void)? = nil) throws -> [DraftSummary] {
        for request in requests {
            guard let note = request.note else { continue }
            guard note.utf8.count <= InputLimits.noteBytes else {
                throw InputError.fileTooLarge(path: request.noteSource, what: "the note", limit: InputLimits.noteBytes)
            }
            try ControlCharacter.refuse(in: note, file: request.noteSource, what: "the note")
        }
        let zipFile = recipients.lists.zipDistrictsFile
        let columns = recipients.columnNames()
        let profile = profile
        let date = date
        // Everything that needs no queue is checked first, for every role.
        let prepared = try requests.map { request -> PreparedRole in
            guard let role = request.selection.role else { throw InputError.badRole(role: "") }
            let selection = try request.selection.resolved(profile: profile, lists: recipients.lists)
            try selection.checkConditions(against: columns)
            let candidates: (templates: [LetterTemplate], explicit: Bool, leftOut: [any OutreachError])
            do { candidates = try candidateTemplates(named: request.templateName, role: role) } catch let error
                as MergeError
            {
                // A role no list holds is most likely misspelled: say that rather than "no template".
                if case .noTemplateForRole = error { try checkRoleIsInLists(role) }
                throw error
            }
            let constituency = Constituency(
                profile: profile,
                zipDistricts: role == .representative && profile.district == nil
                    ? try? ZipDistricts(file: zipFile) : nil)
            let choice = TemplateChoice(
                templates: candidates.templates, explicit: candidates.explicit, constituency: constituency)
            if let tied = choice.alwaysTied() {
                throw MergeError.ambiguousTemplate(role: role.rawValue, candidates: tied)
            }
            let note = request.note
            let copyMe = request.copyMe
            let makeMerger = { (template: LetterTemplate) in
                try Merger(template: template, profile: profile, note: note, date: date, copyMe: copyMe)
            }
            // Checked now as well, so that a missing note is said before the recipients are read.
            if candidates.explicit, let only = candidates.templates.first { _ = try makeMerger(only) }
            let anySender = templates.names().compactMap { try? templates.load(named: $0) }.filter {
                $0.audience.contains(role.rawValue) && $0.sender == .anyone
            }
            return PreparedRole(
                request: request, role: role, selection: selection, choice: choice, makeMerger: makeMerger,
                fittingAnySender: anySender.map(\.name),
                templatesLeftOut: candidates.leftOut.map(TemplateLoader.leftOutWarning))
        }
        let today = MessageDate.day(date)
        let staleLists = recipients.lists.staleNotes(today: date)

        return try queue.write { writer in
            var summaries: [DraftSummary] = []
            var drafted = 0
            for prepared in prepared {
                var limited = prepared.request
                if let limit = limited.limit { limited.limit = max(0, limit - drafted) }
                let run = try DraftRun(
                    writer: writer, request: limited, choice: prepared.choice, makeMerger: prepared.makeMerger,
                    fittingAnySender: prepared.fittingAnySender, role: prepared.role, date: date,
                    staleLists: staleLists)
                let scan = RecipientScan(
                    reader: recipients, selection: prepared.selection, today: today, chunkSize: chunkSize)
                scan.start()
                defer { scan.cancel() }
                while let chunk = scan.next() {
                    progress?(chunk.rowsRead)
                    try run.select(chunk)
                    if run.pending.count >= chunkSize { try run.flush() }
                }
                // The last chunk: merged by the first, stored by the second.
                try run.flush()
                try run.flush()
                var summary = try run.finish(selection: prepared.selection, fileCount: recipients.files.count)
                summary.templatesLeftOut = prepared.templatesLeftOut
                drafted += summary.letterIds.count
                summaries.append(summary)
            }
            return summaries
        }
    }

    /// One role of a draft, checked before the queue is opened.
    private struct PreparedRole {
        var request: DraftRequest
        var role: Role
        var selection: RecipientSelection
        var choice: TemplateChoice
        /// Makes a template's merger (with the profile, the note and `--copy-me`).
        var makeMerger: (LetterTemplate) throws -> Merger
        /// The role's templates any sender may send, named when a resident's template is refused.
        var fittingAnySender: [String]
        /// The templates left out, each a line naming its file and problem.
        var templatesLeftOut: [String]
    }
}
