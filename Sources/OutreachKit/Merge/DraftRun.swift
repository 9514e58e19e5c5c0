import Foundation

/// One draft's work inside its transaction, as three steps that overlap on two cores:
///
/// 1. scan: `select` takes the rows the recipient scan hands over, with their problems, and
///    leaves out offices this template was drafted to before (by id or by `MailboxIdentity`,
///    discarded letters included, and within the run) and files that lack a column the template
///    uses;
/// 2. merge: `flush` merges what was selected on worker threads;
/// 3. store: meanwhile it writes the chunk merged before (`store`).
///
/// `finish` then reports every problem at once (nothing is written: the caller's transaction
/// rolls back), or closes the batch.
final class DraftRun {
    private let writer: QueueWriter
    private let template: LetterTemplate
    private let merger: Merger
    private let role: String
    private let limit: Int?
    private let date: Date
    /// The draft time as stored (ISO 8601 UTC).
    private let timestamp: String
    /// False when this template has no letters yet: the per-recipient "drafted before?" lookup
    /// is skipped. (Always false with `--again`.)
    private let checkOnce: Bool
    /// The offices without email selected in this run, by a 64-bit hash of their key (the scan
    /// finds rows that share an email address): one contact form, or one person at one postal
    /// address, gets one letter, even with `--again`.
    private var officesSelected = Set<UInt64>()
    /// Rows left out because an office of theirs was selected earlier in this run: their
    /// earlier letter is found once everything is stored.
    private var sameOfficeInRun: [(recipient: Recipient, key: String)] = []
    /// Rows handed over by the scan (before the limit and the look-ups).
    private var offered = 0
    private(set) var summary: DraftSummary
    private var problems = ProblemCollector()
    /// Rows of the role, and the roles the lists hold: for the error when none has the role.
    private var roleRows = 0
    private var rolesSeen = Set<String>()
    private var checkedHeaders = Set<ObjectIdentifier>()
    private var failedHeaders = Set<ObjectIdentifier>()
    /// Recipients selected and not yet merging.
    private(set) var pending: [Recipient] = []
    private var selected = 0
    private var batchId: Int64?
    private let merging = DispatchGroup()
    private var inFlight: MergedChunk?
    private var merged = 0

    /// - Parameters:
    ///   - writer: the draft's transaction.
    ///   - request: the limit, `--again` and the note.
    ///   - template: the template merged.
    ///   - merger: the template merged with the profile and the note.
    ///   - role: the role written to, recorded with the batch.
    ///   - date: the draft time.
    ///   - staleLists: notes on recipient lists whose data is old, for the summary.
    /// - Throws: `QueueError.database`.
    init(
        writer: QueueWriter, request: DraftRequest, template: LetterTemplate, merger: Merger, role: String, date: Date,
        staleLists: [String]
    ) throws {
        self.writer = writer
        self.template = template
        self.merger = merger
        self.role = role
        limit = request.limit
        self.date = date
        timestamp = Timestamp.string(date)
        checkOnce = try !request.again && writer.hasLetters(template: template.name)
        summary = DraftSummary(template: template.name, role: role)
        summary.noteUnused = !(request.note ?? "").isEmpty && !merger.usesNote
        summary.staleLists = staleLists
    }

    /// Step 1: records a chunk's problems and ended terms, and selects its rows for merging.
    /// - Throws: the error that stopped the scan (a bad file); `QueueError.database`.
    func select(_ chunk: RecipientScan.Chunk) throws {
        problems.record(contentsOf: chunk.problems)
        for (file, count) in chunk.endedTerms { summary.endedTerms[file, default: 0] += count }
        for (filter, count) in chunk.leftOut { summary.leftOut[filter, default: 0] += count }
        roleRows = chunk.roleRows
        rolesSeen = chunk.rolesSeen
        if let error = chunk.error { throw error }
        for recipient in chunk.sameOffice { sameOfficeInRun.append((recipient, MailboxIdentity.key(of: recipient))) }
        for recipient in chunk.selected {
            offered += 1
            if let limit, selected >= limit {
                summary.pastLimit += 1
                continue
            }
            // Email keys are made only when looked up: the scan already refuses two rows with one address.
            let hasEmail = !recipient.email.isEmpty
            let key = checkOnce || !hasEmail ? MailboxIdentity.key(of: recipient) : ""
            if checkOnce,
                let earlier = try writer.earlierLetter(
                    template: template.name, recipientId: recipient.id, mailboxKey: key)
            {
                summary.alreadyDrafted.append(Self.alreadyDrafted(recipient, earlier: earlier))
                continue
            }
            if !hasEmail && !key.isEmpty
                && !officesSelected.insert(RecipientScan.fnv1a(key, foldingCase: false)).inserted
            {
                sameOfficeInRun.append((recipient, key))
                continue
            }
            let header = ObjectIdentifier(recipient.header)
            if checkedHeaders.insert(header).inserted {
                do { try merger.checkColumns(of: recipient.header, firstRow: recipient.location) } catch let error
                    as MergeError
                {
                    problems.record(error)
                    failedHeaders.insert(header)
                }
            }
            // Once a file lacks a column, its rows would only repeat that one problem.
            if failedHeaders.contains(header) { continue }
            selected += 1
            pending.append(recipient)
        }
    }

    /// Step 2: starts merging what is pending, then stores the chunk merged before it, then
    /// waits for the merge. Called once more after the last chunk, to store it.
    /// - Throws: `QueueError.database`.
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
            let merger = merger
            let merging = merging
            DispatchQueue.global().async {
                // The office's key is made here too, off the thread that writes to SQLite.
                chunk.results = parallelMap(recipients) {
                    merger.merge($0.element, sequence: base + $0.offset).map { letter in
                        var keyed = letter
                        keyed.mailboxKey = letter.officeKey()
                        return keyed
                    }
                }
                merging.leave()
            }
            inFlight = chunk
        }
        if let previous { try store(previous.results) }
        if inFlight != nil { merging.wait() }
    }

    /// Step 3: writes the merged letters, once no problem has been found; records the problems.
    private func store(_ results: [Result<MergedLetter, ProblemList>]) throws {
        for result in results {
            switch result {
            case .failure(let list):
                for problem in list.problems { problems.record(problem) }
            case .success(let letter):
                guard problems.isEmpty else { continue }
                let batch = try batchId ?? writer.beginBatch(template: template.name, role: role, at: date)
                batchId = batch
                let id = try writer.insert(letter, template: template.name, batchId: batch, at: timestamp)
                summary.letterIds.append(id)
                summary.byChannel[letter.channel.rawValue, default: 0] += 1
                if let address = letter.droppedCc { summary.ccDropped.append(.init(letterId: id, address: address)) }
            }
        }
    }

    /// Ends the run: every problem at once, or the batch closed.
    /// - Parameters:
    ///   - selection: for the message when no recipient matched.
    ///   - fileCount: how many recipient files were read, for that message.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: the problem, or a `ProblemList`; `MergeError.noRecipients` when nothing was
    ///   selected and nothing was drafted before; `QueueError.database`.
    func finish(selection: RecipientSelection, fileCount: Int) throws -> DraftSummary {
        try problems.throwIfAny()
        for (recipient, key) in sameOfficeInRun {
            if let earlier = try writer.earlierLetter(template: template.name, recipientId: "", mailboxKey: key) {
                summary.alreadyDrafted.append(Self.alreadyDrafted(recipient, earlier: earlier))
            }
        }
        if roleRows == 0, let role = selection.role {
            let roles = rolesSeen.sorted()
            throw MergeError.roleNotInLists(
                role: role.rawValue, fileCount: fileCount, roles: roles,
                nearest: NearestNames.nearest(to: role.rawValue, in: roles))
        }
        if offered == 0 && summary.alreadyDrafted.isEmpty {
            let ended = summary.endedTerms.values.reduce(0, +)
            var leftOut = selection.leftOutCounts(summary.leftOut)
            if ended > 0 { leftOut.append("\(ended) whose term has ended") }
            let note = leftOut.isEmpty ? "" : " (left out: \(leftOut.joined(separator: ", ")))"
            throw MergeError.noRecipients(
                reason:
                    "no current \(selection.description) in \(fileCount) recipient file\(fileCount == 1 ? "" : "s")\(note)",
                hint:
                    "widen the selection (--anywhere, --state ST), refresh the lists (outreach recipients update), or add a row to a CSV file of your own (see outreach recipients --help)"
            )
        }
        summary.leftOutNotes = selection.leftOutLines(summary.leftOut)
        if let batchId {
            try writer.finishBatch(batchId, letterCount: summary.letterIds.count)
            summary.batchId = batchId
        }
        return summary
    }

    private static func alreadyDrafted(_ recipient: Recipient, earlier: EarlierLetter) -> DraftSummary.AlreadyDrafted {
        DraftSummary.AlreadyDrafted(
            letterId: earlier.id, recipientName: recipient.name, recipientId: recipient.id,
            earlierRecipientId: earlier.recipientId, mailbox: earlier.mailbox, discarded: earlier.status == .discarded)
    }

    /// The results of merging one chunk, filled in on a worker thread and read only after the
    /// `DispatchGroup` that guards it has been waited on.
    private final class MergedChunk: @unchecked Sendable {
        var results: [Result<MergedLetter, ProblemList>] = []
    }
}
