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

    /// Picks the template: the one named, or the only one whose audience is the role.
    /// - Parameters:
    ///   - name: `--template NAME`, or nil.
    ///   - role: the role written to.
    /// - Returns: the template.
    /// - Throws: `InputError.templateNotFound`; `MergeError.noTemplateForRole`,
    ///   `.ambiguousTemplate`, `.templateNotForRole`.
    public func chooseTemplate(named name: String?, role: Role) throws -> LetterTemplate {
        if let name {
            let template = try templates.load(named: name)
            guard template.audience.contains(role.rawValue) else {
                throw MergeError.templateNotForRole(template: name, role: role.rawValue, audience: template.audience)
            }
            return template
        }
        let all = try templates.loadAll()
        let fitting = all.filter { $0.audience.contains(role.rawValue) }
        if fitting.count == 1, let only = fitting.first { return only }
        if fitting.isEmpty { throw MergeError.noTemplateForRole(role: role.rawValue, available: all.map(\.name)) }
        throw MergeError.ambiguousTemplate(role: role.rawValue, candidates: fitting.map(\.name))
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

    /// Drafts for several roles (`--to mayor --to council-member`), each with its template, in
    /// one transaction: every role's letters or none. `--limit` counts the letters of all of them.
    /// - Parameters:
    ///   - requests: one per role, in order.
    ///   - progress: called now and then with the number of rows read.
    /// - Returns: one summary per request, in order.
    /// - Throws: `MergeError` and `InputError` for the template, the selection and the data
    ///   (several at once as a `ProblemList`); `MergeError.noRecipients` when nothing matched a
    ///   role. Nothing is written when it throws.
    public func run(_ requests: [DraftRequest], progress: ((Int) -> Void)? = nil) throws -> [DraftSummary] {
        let zipFile = recipients.lists.zipDistrictsFile
        let columns = recipients.columnNames()
        // Everything that needs no queue is checked first, for every role.
        let prepared = try requests.map { request -> (DraftRequest, RecipientSelection, LetterTemplate, Merger) in
            guard let role = request.selection.role else { throw InputError.badRole(role: "") }
            let selection = try request.selection.resolved(profile: profile) { try? ZipDistricts(file: zipFile) }
            try selection.checkConditions(against: columns)
            let template: LetterTemplate
            do { template = try chooseTemplate(named: request.templateName, role: role) } catch MergeError
                .noTemplateForRole
            {
                // A role no list holds is most likely misspelled: say that rather than "no template".
                try checkRoleIsInLists(role)
                throw MergeError.noTemplateForRole(role: role.rawValue, available: templates.names())
            }
            let merger = try Merger(
                template: template, profile: profile, note: request.note, date: date, copyMe: request.copyMe)
            return (request, selection, template, merger)
        }
        let today = MessageDate.day(date)
        let staleLists = recipients.lists.staleNotes(today: date)

        return try queue.write { writer in
            var summaries: [DraftSummary] = []
            var drafted = 0
            for (request, selection, template, merger) in prepared {
                var limited = request
                if let limit = request.limit { limited.limit = max(0, limit - drafted) }
                let run = try DraftRun(
                    writer: writer, request: limited, template: template, merger: merger,
                    role: selection.role?.rawValue ?? "", date: date, staleLists: staleLists)
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
                let summary = try run.finish(selection: selection, fileCount: recipients.files.count)
                drafted += summary.letterIds.count
                summaries.append(summary)
            }
            return summaries
        }
    }
}
