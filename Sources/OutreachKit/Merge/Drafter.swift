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
    /// - Throws: `InputError.templateNotFound`; `MergeError.noTemplateForRole`,
    ///   `.ambiguousTemplate`, `.templateNotForRole`.
    public func chooseTemplate(named name: String?, role: String) throws -> LetterTemplate {
        if let name {
            let template = try templates.load(named: name)
            guard template.audience.contains(role) else {
                throw MergeError.templateNotForRole(template: name, role: role, audience: template.audience)
            }
            return template
        }
        let all = try templates.loadAll()
        let fitting = all.filter { $0.audience.contains(role) }
        if fitting.count == 1, let only = fitting.first { return only }
        if fitting.isEmpty { throw MergeError.noTemplateForRole(role: role, available: all.map(\.name)) }
        throw MergeError.ambiguousTemplate(role: role, candidates: fitting.map(\.name))
    }

    /// Drafts.
    /// - Parameters:
    ///   - request: the template, the selection, the limit, `--again` and the note.
    ///   - progress: called now and then with the number of rows read.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: `MergeError` and `InputError` for the template, the selection and the data
    ///   (several at once as a `ProblemList`); `InputError.controlCharacter` or
    ///   `.fileTooLarge` for the note; `MergeError.noRecipients` when nothing matched.
    ///   Nothing is written when it throws.
    public func run(_ request: DraftRequest, progress: ((Int) -> Void)? = nil) throws -> DraftSummary {
        if let note = request.note {
            guard note.utf8.count <= InputLimits.noteBytes else {
                throw InputError.fileTooLarge(path: request.noteSource, what: "the note", limit: InputLimits.noteBytes)
            }
            try ControlCharacter.refuse(in: note, file: request.noteSource, what: "the note")
        }
        let role = request.selection.role ?? ""
        let zipFile = recipients.lists.zipDistrictsFile
        let selection = try request.selection.resolved(profile: profile, knownRoles: Set(Role.names)) {
            try? ZipDistricts(file: zipFile)
        }
        try selection.checkConditions(against: recipients.columnNames())
        let template = try chooseTemplate(named: request.templateName, role: role)
        let merger = try Merger(template: template, profile: profile, note: request.note, date: date)
        let today = MessageDate.day(date)

        return try queue.write { writer in
            let staleLists = recipients.lists.staleNotes(today: date)
            let run = try DraftRun(
                writer: writer, request: request, template: template, merger: merger, role: role, date: date,
                staleLists: staleLists)
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
