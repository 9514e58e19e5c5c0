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
    /// - Returns: the templates, sorted by name, and whether one was named.
    /// - Throws: `InputError.templateNotFound` and the template's own errors;
    ///   `MergeError.noTemplateForRole`, `.templateNotForRole`, and `.ambiguousTemplate` for
    ///   templates with the same `sender` and `where`, which no recipient could tell apart.
    public func candidateTemplates(named name: String?, role: String) throws -> (
        templates: [LetterTemplate], explicit: Bool
    ) {
        if let name {
            let template = try templates.load(named: name)
            guard template.audience.contains(role) else {
                throw MergeError.templateNotForRole(template: name, role: role, audience: template.audience)
            }
            return ([template], true)
        }
        let all = try templates.loadAll()
        let fitting = all.filter { $0.audience.contains(role) }
        if fitting.isEmpty { throw MergeError.noTemplateForRole(role: role, available: all.map(\.name)) }
        return (fitting, false)
    }

    /// Drafts.
    /// - Parameters:
    ///   - request: the template, the selection, the limit, `--again` and the note.
    ///   - progress: called now and then with the number of rows read.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: `MergeError` and `InputError` for the template, the selection and the data
    ///   (several at once as a `ProblemList`); `MergeError.noRecipients` when nothing matched.
    ///   Nothing is written when it throws.
    public func run(_ request: DraftRequest, progress: ((Int) -> Void)? = nil) throws -> DraftSummary {
        let role = request.selection.role ?? ""
        let zipFile = recipients.lists.zipDistrictsFile
        let selection = try request.selection.resolved(profile: profile, knownRoles: Set(Role.names)) {
            try? ZipDistricts(file: zipFile)
        }
        try selection.checkConditions(against: recipients.columnNames())
        let candidates = try candidateTemplates(named: request.templateName, role: role)
        let constituency = Constituency(
            profile: profile,
            zipDistricts: role == Role.representative.rawValue && profile.district == nil
                ? try? ZipDistricts(file: zipFile) : nil)
        let choice = TemplateChoice(
            templates: candidates.templates, explicit: candidates.explicit, constituency: constituency)
        if let tied = choice.alwaysTied() { throw MergeError.ambiguousTemplate(role: role, candidates: tied) }
        if candidates.explicit, let only = candidates.templates.first {
            // Checked now as well, so that a missing note is said before the recipients are read.
            _ = try Merger(template: only, profile: profile, note: request.note, date: date)
        }
        let anySender = templates.names().compactMap { try? templates.load(named: $0) }.filter {
            $0.audience.contains(role) && $0.sender == .anyone
        }
        let profile = profile
        let note = request.note
        let date = date
        let today = MessageDate.day(date)

        return try queue.write { writer in
            let staleLists = recipients.lists.staleNotes(today: date)
            let run = try DraftRun(
                writer: writer, request: request, choice: choice,
                makeMerger: { try Merger(template: $0, profile: profile, note: note, date: date) },
                fittingAnySender: anySender.map(\.name), role: role, date: date, staleLists: staleLists)
            let scan = RecipientScan(reader: recipients, selection: selection, today: today, chunkSize: chunkSize)
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
            return try run.finish(selection: selection, fileCount: recipients.files.count)
        }
    }
}
