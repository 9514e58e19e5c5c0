import Foundation

/// One role's draft inside its transaction, as three steps that overlap on two cores:
///
/// 1. scan: `select` takes the rows the recipient scan hands over, with their problems, leaves
///    out offices drafted to before from any template the draft could choose (by id or by
///    `MailboxIdentity`, discarded letters included, and within the run), picks each row's
///    template (`TemplateChoice`), and leaves out files that lack a column the template uses;
/// 2. merge: `flush` merges what was selected on worker threads;
/// 3. store: meanwhile it writes the chunk merged before (`store`).
///
/// `finish` then reports every problem at once (nothing is written: the caller's transaction
/// rolls back), or closes the batch.
final class DraftRun {
    private let writer: QueueWriter
    private let choice: TemplateChoice
    /// Makes the merger of a template, the first time a recipient gets it.
    private let makeMerger: (LetterTemplate) throws -> Merger
    private var mergers: [Int: Merger] = [:]
    /// The templates a letter drafted before may come from: when the draft chooses, any it could
    /// choose, so that an office gets one letter of them.
    private let onceNames: [String]
    private let role: Role
    private let noteGiven: Bool
    /// The templates for the role that any sender may send, for the refusal's hint.
    private let fittingAnySender: [String]
    private let limit: Int?
    private let date: Date
    /// The draft time as stored (ISO 8601 UTC).
    private let timestamp: String
    /// False when none of the templates has letters yet: the per-recipient "drafted before?"
    /// lookup is skipped. (Always false with `--again`.)
    private let checkOnce: Bool
    /// The offices without email selected in this run, by a 64-bit hash of their key (the scan
    /// finds rows that share an email address): one contact form, or one person at one postal
    /// address, gets one letter, even with `--again`. In flat memory however many (`SeenKeys`).
    private let officesSelected = SeenKeys()
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
    private var checkedHeaders = Set<HeaderTemplate>()
    private var failedHeaders = Set<HeaderTemplate>()
    /// Offices a resident's template would have gone to that are not the sender's own.
    private var outside = Refused()
    /// Recipients no template's `where` holds for.
    private var unmatched = Refused()
    /// The first templates found tied for a recipient.
    private var tied: [String]?
    /// Recipients selected and not yet merging, with the index of their template.
    private(set) var pending: [(recipient: Recipient, template: Int, merger: Merger)] = []
    private var selected = 0
    private var batchId: Int64?
    private let merging = DispatchGroup()
    private var inFlight: MergedChunk?
    private var merged = 0

    /// - Parameters:
    ///   - writer: the draft's transaction.
    ///   - request: the limit, `--again` and the note.
    ///   - choice: which template each recipient gets.
    ///   - makeMerger: makes a template's merger (with the profile, the note and `--copy-me`);
    ///     it throws what `Merger.init` throws.
    ///   - fittingAnySender: the role's templates any sender may send, named when a resident's
    ///     template is refused.
    ///   - role: the role written to, recorded with the batch.
    ///   - date: the draft time.
    ///   - staleLists: notes on recipient lists whose data is old, for the summary.
    /// - Throws: `QueueError.database`.
    init(
        writer: QueueWriter, request: DraftRequest, choice: TemplateChoice,
        makeMerger: @escaping (LetterTemplate) throws -> Merger, fittingAnySender: [String], role: Role, date: Date,
        staleLists: [String]
    ) throws {
        self.writer = writer
        self.choice = choice
        self.makeMerger = makeMerger
        self.fittingAnySender = fittingAnySender
        self.role = role
        noteGiven = !(request.note ?? "").isEmpty
        limit = request.limit
        self.date = date
        timestamp = Timestamp.string(date)
        onceNames = choice.templates.map(\.name)
        checkOnce = try !request.again && writer.hasLetters(anyOf: onceNames)
        summary = DraftSummary(template: onceNames.joined(separator: ", "), role: role.rawValue)
        summary.staleLists = staleLists
    }

    /// Step 1: records a chunk's problems, ended terms and rows left out, and selects its rows
    /// for merging.
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
                let earlier = try writer.earlierLetter(anyOf: onceNames, recipientId: recipient.id, mailboxKey: key)
            {
                summary.alreadyDrafted.append(Self.alreadyDrafted(recipient, earlier: earlier))
                continue
            }
            do { _ = try SanctuaryPolicy.recorded(for: recipient) } catch let error as InputError {
                problems.record(error)
                continue
            }
            let index: Int
            switch choice.pick(recipient) {
            case .template(let chosen): index = chosen
            case .notSendersOffice:
                outside.add(recipient)
                continue
            case .noneWrittenFor:
                unmatched.add(recipient)
                continue
            case .tie(let names):
                tied = tied ?? names
                continue
            }
            if !hasEmail && !key.isEmpty {
                let office = RecipientScan.fnv1a(key, foldingCase: false)
                if try officesSelected.place(of: office) != nil {
                    sameOfficeInRun.append((recipient, key))
                    continue
                }
                try officesSelected.insert(office, at: SeenKeys.Place(file: 0, line: 0))
            }
            let merger: Merger
            do { merger = try self.merger(index) } catch MergeError.emptySenderField(_, let field)
                where !choice.explicit
            {
                throw MergeError.chosenTemplateNeedsProfile(
                    template: choice.templates[index].name, office: "\(recipient.office), \(recipient.state)",
                    isOwnOffice: choice.constituency.includes(recipient), field: field)
            }
            let header = HeaderTemplate(header: ObjectIdentifier(recipient.header), template: index)
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
            pending.append((recipient, index, merger))
        }
    }

    /// The merger of template `index`, made the first time it is needed.
    /// - Throws: what `Merger.init` throws (a note required, a profile value not set).
    private func merger(_ index: Int) throws -> Merger {
        if let made = mergers[index] { return made }
        let made = try makeMerger(choice.templates[index])
        mergers[index] = made
        return made
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
            chunk.templates = pending.map(\.template)
            let base = merged
            merged += pending.count
            pending.removeAll(keepingCapacity: true)
            merging.enter()
            let merging = merging
            DispatchQueue.global().async {
                // The office's key is made here too, off the thread that writes to SQLite. The
                // workers yield a core to that thread when it can run (`HelperPriority`).
                chunk.results = parallelMap(
                    recipients,
                    makeState: {
                        HelperPriority.lowerCurrentThread()
                        return ByteBuffer(capacity: 8192)
                    }
                ) { buffer, item in
                    item.element.merger.merge(item.element.recipient, sequence: base + item.offset, buffer: buffer).map
                    {
                        letter in
                        var keyed = letter
                        keyed.mailboxKey = letter.officeKey()
                        return keyed
                    }
                }
                merging.leave()
            }
            inFlight = chunk
        }
        if let previous {
            try store(previous)
            // Its letters (a dozen allocations each) are freed on a worker thread, off the
            // thread that writes to SQLite.
            DispatchQueue.global().async { previous.results = [] }
        }
        if inFlight != nil { merging.wait() }
    }

    /// Step 3: writes the merged letters, once no problem has been found; records the problems.
    private func store(_ chunk: MergedChunk) throws {
        for (result, index) in zip(chunk.results, chunk.templates) {
            switch result {
            case .failure(let list):
                for problem in list.problems { problems.record(problem) }
            case .success(let letter):
                guard problems.isEmpty && outside.count == 0 && unmatched.count == 0 && tied == nil else { continue }
                let name = choice.templates[index].name
                let batch = try batchId ?? writer.beginBatch(template: name, role: role.rawValue, at: date)
                batchId = batch
                let id = try writer.insert(letter, template: name, batchId: batch, at: timestamp)
                summary.letterIds.append(id)
                summary.byChannel[letter.channel.rawValue, default: 0] += 1
                summary.templates[name, default: 0] += 1
                if choice.templates[index].sender == .resident {
                    summary.residentBasis = choice.constituency.basis(for: role)
                }
                if let address = letter.droppedCc { summary.ccDropped.append(.init(letterId: id, address: address)) }
            }
        }
    }

    /// Ends the run: every problem at once, or the batch closed.
    /// - Parameters:
    ///   - selection: for the message when no recipient matched.
    ///   - fileCount: how many recipient files were read, for that message.
    /// - Returns: what was drafted and what was left out.
    /// - Throws: `MergeError.notSendersOffice`, `.ambiguousTemplate`, `.noTemplateWrittenFor`
    ///   when a recipient has no template it may get; the problem, or a `ProblemList`;
    ///   `MergeError.roleNotInLists` when no row has the role; `MergeError.noRecipients` when
    ///   nothing was selected and nothing was drafted before; `QueueError.database`.
    func finish(selection: RecipientSelection, fileCount: Int) throws -> DraftSummary {
        if outside.count > 0 {
            let resident = choice.templates.filter { $0.sender == .resident }.map(\.name)
            throw MergeError.notSendersOffice(
                template: choice.explicit ? resident.first : nil, role: role.rawValue,
                basis: choice.constituency.basis(for: role), offices: outside.offices, count: outside.count,
                fitting: fittingAnySender)
        }
        if let tied { throw MergeError.ambiguousTemplate(role: role.rawValue, candidates: tied) }
        if unmatched.count > 0 {
            throw MergeError.noTemplateWrittenFor(
                role: role.rawValue, offices: unmatched.offices, count: unmatched.count,
                candidates: choice.templates.map(\.name))
        }
        try problems.throwIfAny()
        for (recipient, key) in sameOfficeInRun {
            if let earlier = try writer.earlierLetter(anyOf: onceNames, recipientId: "", mailboxKey: key) {
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
            if summary.templates.count > 1 {
                try writer.setBatchTemplates(
                    batchId, templates: summary.templates.keys.sorted().joined(separator: ", "))
            }
            summary.batchId = batchId
        }
        if !summary.templates.isEmpty { summary.template = summary.templates.keys.sorted().joined(separator: ", ") }
        summary.noteUnused = noteGiven && !mergers.isEmpty && !mergers.values.contains { $0.usesNote }
        return summary
    }

    private static func alreadyDrafted(_ recipient: Recipient, earlier: EarlierLetter) -> DraftSummary.AlreadyDrafted {
        DraftSummary.AlreadyDrafted(
            letterId: earlier.id, recipientName: recipient.name, recipientId: recipient.id,
            earlierRecipientId: earlier.recipientId, mailbox: earlier.mailbox, discarded: earlier.status == .discarded)
    }

    /// Recipients refused, counted, with the first few offices named for the message.
    private struct Refused {
        private(set) var count = 0
        private(set) var offices: [String] = []

        mutating func add(_ recipient: Recipient) {
            count += 1
            if offices.count < 5 { offices.append("\(recipient.office), \(recipient.state)") }
        }
    }

    /// A recipient file's header with a template: its columns are checked once per pair.
    private struct HeaderTemplate: Hashable {
        let header: ObjectIdentifier
        let template: Int
    }

    /// The results of merging one chunk, filled in on a worker thread and read only after the
    /// `DispatchGroup` that guards it has been waited on.
    private final class MergedChunk: @unchecked Sendable {
        var results: [Result<MergedLetter, ProblemList>] = []
        /// Each result's template, as an index into the choice's templates.
        var templates: [Int] = []
    }
}
