import Foundation

/// What `outreach draft` is asked to do.
public struct DraftRequest: Sendable {
    /// `--template NAME`; without it the template whose audience is the role.
    public var templateName: String?
    /// Who to write to.
    public var selection: RecipientSelection
    /// `--limit N`: at most this many new letters.
    public var limit: Int?
    /// `--again`: draft even where a letter from this template to this recipient exists.
    public var again: Bool
    /// The sender's own words.
    public var note: String?

    public init(
        templateName: String?, selection: RecipientSelection, limit: Int? = nil, again: Bool = false,
        note: String? = nil
    ) {
        self.templateName = templateName
        self.selection = selection
        self.limit = limit
        self.again = again
        self.note = note
    }
}

/// What a draft run did.
public struct DraftSummary: Sendable, Codable {
    /// The batch written, or nil when nothing new was drafted.
    public var batchId: Int64?
    public var template: String
    /// Ids of the new letters, in order.
    public var letterIds: [Int64]
    /// New letters per channel (`email`, `web-form`, `postal`).
    public var byChannel: [String: Int]
    /// Letters that existed already: (letter id, recipient name).
    public var alreadyDrafted: [AlreadyDrafted]
    /// Recipients in the selection left out because their term has ended, per file.
    public var endedTerms: [String: Int]
    /// True when a note was given but the template has no `{{note}}` for it.
    public var noteUnused = false
    /// Lists whose data is more than six months old, with how to refresh them.
    public var staleLists: [String] = []

    public struct AlreadyDrafted: Sendable, Codable {
        public var letterId: Int64
        public var recipientName: String
    }
}

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
    /// - Parameter progress: called now and then with the number of rows read.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: `MergeError` and `InputError` for the template, the selection and the data
    ///   (several at once as a `ProblemList`); `MergeError.noRecipients` when nothing matched.
    ///   Nothing is written when it throws.
    public func run(_ request: DraftRequest, progress: ((Int) -> Void)? = nil) throws -> DraftSummary {
        let role = request.selection.role ?? ""
        let zipFile = ZipDistricts.file(besideRecipients: recipients.files.first ?? "Recipients")
        let selection = try request.selection.resolved(profile: profile, knownRoles: Set(Role.names)) {
            try? ZipDistricts(file: zipFile)
        }
        try selection.checkConditions(against: recipients.columnNames())
        let template = try chooseTemplate(named: request.templateName, role: role)
        let merger = try Merger(template: template, profile: profile, note: request.note, date: date)
        let today = MessageDate.day(date)
        let timestamp = Timestamp.string(date)

        return try queue.write { writer in
            var summary = DraftSummary(
                template: template.name, letterIds: [], byChannel: [:], alreadyDrafted: [], endedTerms: [:])
            summary.noteUnused = !(request.note ?? "").isEmpty && !merger.usesNote
            summary.staleLists = DataDates(folder: ZipDistricts.folder(of: recipients.files.first ?? "Recipients"))
                .staleNotes(files: recipients.files, today: date)
            var problems: [any OutreachError] = []
            var problemCount = 0
            func record(_ problem: any OutreachError) {
                problemCount += 1
                if problems.count < RecipientScan.problemLimit { problems.append(problem) }
            }
            var checkedHeaders = Set<ObjectIdentifier>()
            var failedHeaders = Set<ObjectIdentifier>()
            var pending: [Recipient] = []
            var selected = 0
            var batchId: Int64?
            // Skip the per-recipient "drafted before?" lookup when this template has no letters yet.
            let checkOnce = try !request.again && writer.hasLetters(template: template.name)

            // Three stages overlap on two cores: a reader thread parses the CSV files and
            // selects rows; worker threads merge chunk k; this thread writes chunk k-1.
            let merging = DispatchGroup()
            var inFlight: MergedChunk?
            var merged = 0
            func store(_ results: [Result<MergedLetter, ProblemList>]) throws {
                for result in results {
                    switch result {
                    case .failure(let list):
                        for problem in list.problems { record(problem) }
                    case .success(let letter):
                        guard problemCount == 0 else { continue }
                        let batch = try batchId ?? writer.beginBatch(template: template.name, role: role, at: date)
                        batchId = batch
                        summary.letterIds.append(
                            try writer.insert(letter, template: template.name, batchId: batch, at: timestamp))
                        summary.byChannel[letter.channel.rawValue, default: 0] += 1
                    }
                }
            }
            /// Starts merging what is pending, then writes the chunk merged before it.
            func flush() throws {
                let previous = inFlight
                inFlight = nil
                if !pending.isEmpty {
                    let chunk = MergedChunk()
                    let recipients = Array(pending.enumerated())
                    let base = merged
                    merged += pending.count
                    pending.removeAll(keepingCapacity: true)
                    merging.enter()
                    DispatchQueue.global().async {
                        chunk.results = parallelMap(recipients) { merger.merge($0.element, sequence: base + $0.offset) }
                        merging.leave()
                    }
                    inFlight = chunk
                }
                if let previous { try store(previous.results) }
                if inFlight != nil { merging.wait() }
            }

            let scan = RecipientScan(reader: recipients, selection: selection, today: today, chunkSize: chunkSize)
            scan.start()
            defer { scan.cancel() }
            while let chunk = scan.next() {
                for problem in chunk.problems { record(problem) }
                problemCount += chunk.uncountedProblems
                for (file, count) in chunk.endedTerms { summary.endedTerms[file, default: 0] += count }
                progress?(chunk.rowsRead)
                if let error = chunk.error { throw error }
                for recipient in chunk.selected {
                    if let limit = request.limit, selected >= limit { break }
                    if checkOnce,
                        let existing = try writer.existingLetter(template: template.name, recipientId: recipient.id)
                    {
                        summary.alreadyDrafted.append(.init(letterId: existing, recipientName: recipient.name))
                        continue
                    }
                    let header = ObjectIdentifier(recipient.header)
                    if checkedHeaders.insert(header).inserted {
                        do { try merger.checkColumns(of: recipient.header, firstRow: recipient.location) } catch let
                            error as MergeError
                        {
                            record(error)
                            failedHeaders.insert(header)
                        }
                    }
                    // Once a file lacks a column, its rows would only repeat that one problem.
                    if failedHeaders.contains(header) { continue }
                    selected += 1
                    pending.append(recipient)
                }
                if pending.count >= chunkSize { try flush() }
            }
            try flush()
            try flush()
            if problemCount == 1, let only = problems.first { throw only }
            if problemCount > 1 { throw ProblemList(problems, total: problemCount) }
            if selected == 0 && summary.alreadyDrafted.isEmpty {
                let ended = summary.endedTerms.values.reduce(0, +)
                let endedNote =
                    ended > 0 ? " (\(ended) whose term has ended \(ended == 1 ? "was" : "were") left out)" : ""
                throw MergeError.noRecipients(
                    reason:
                        "no current \(selection.description) in \(recipients.files.count) recipient file\(recipients.files.count == 1 ? "" : "s")\(endedNote)",
                    hint:
                        "widen the selection (--anywhere, --state ST), refresh the lists (see Recipients/README.md), or add a row to a CSV file in Recipients/"
                )
            }
            if let batchId {
                try writer.finishBatch(batchId, letterCount: summary.letterIds.count)
                summary.batchId = batchId
            }
            return summary
        }
    }
}

/// The results of merging one chunk, filled in on a worker thread and read only after the
/// `DispatchGroup` that guards it has been waited on.
private final class MergedChunk: @unchecked Sendable {
    var results: [Result<MergedLetter, ProblemList>] = []
}
