import Foundation
import GRDB

/// The books of one send run, so that nothing is lost and nothing goes twice, after a kill or a
/// power loss, at a cost well below a message's.
///
/// - **Claims** (`sendClaim`): the letters the run may hand over, each with its status checked
///   and its message read when claimed (`discard`, `edit` and `mark` then leave it alone while
///   the run goes); made durable (`CommitSync`) before the content of any of them goes: after
///   a power loss, a claimed letter without a recorded outcome is uncertain. They are few
///   (`ClaimWindow`): one at a time when paced, ahead in groups of 32 when fast, with the outcomes waiting.
/// - **Marks**: a paced run's letters, and the first `markedLetters` of a fast run, are marked
///   `sending` in a transaction of their own, committed (not synced) before their content goes,
///   as `send` always did. After those, a fast run notes each hand-over instead (below) and
///   marks the letter in the queue with the next batch: a transaction per letter costs as much
///   as a loopback server's reply.
/// - **Notes** (`HandOverLog`, a file mapped into memory): each hand-over, with its `sending`
///   event, just before its content goes, and its outcome as it comes: plain writes to memory,
///   no system call, kept through a kill.
/// - **Batches**: outcomes, their events and their envelope recipients' states (one never
///   without the others) go to the queue together, with the next letter's
///   transaction when `batchSize` of them wait, one has waited `flushInterval` or claims are
///   due; alone while the server keeps the run waiting (a letter on its way is marked then);
///   and at the end. An outcome is reported once the batch that stored it is on disk.
///   A fast run whose letter in hand is already claimed writes the batch on the books thread
///   (`BooksThread`) while that letter and the next ones go; it waits for the batch only at
///   a letter the batch claims, or before it uses the books itself. A batch that fails there
///   fails the next letter's step, as one written in the step would, its outcomes waiting again.
///
/// So a kill leaves one letter uncertain at most (marked `sending`, or noted as on its way), and
/// the notes hold the outcomes the queue had not taken yet; a power loss leaves at most
/// `ClaimWindow.limit` letters claimed without a recorded outcome.
///
/// Each letter's transfer moves the journal through named states, one transition per step that
/// `SMTPClient.deliver` runs while it waits for the server (MAIL, RCPT):
///
/// ```
/// idle ──open──▶ marked (transaction open) ─┬─commit──▶ committed ──(claim on disk)──▶ content
///          ├───▶ ready (a fast run's letter) ┘                              ──record──▶ idle
///          └───▶ unsendable ──commit──▶ withheld ──skip──▶ idle   (discarded before its claim)
/// any step's failure ──▶ failed (rolled back) ──recover──▶ idle
/// ```
///
/// A journal is used by the sending thread alone: its stored properties skip Swift's run-time
/// exclusivity checks (`@exclusivity(unchecked)`), some thirty calls into the runtime for each
/// message, each waiting call of libcurl's included.
///
/// A 421 before the content (`SMTPClient.deliver` reconnects and hands the letter over again)
/// leaves the journal `committed`: the second transfer asks for the content once more, under the
/// same claim; if no new connection opens, the outcome `not-sent` puts the letter back as it was.
final class SendJournal {
    /// Where the letter in hand is.
    enum State {
        /// No transfer under way.
        case idle
        /// Transaction open: the letter is marked `sending`.
        case marked
        /// A fast run's letter, claimed and sendable: it is noted, not marked, as on its way.
        case ready
        /// The letter was no longer sendable when claimed or marked (discarded or changed
        /// meanwhile); a transaction may be open.
        case unsendable
        /// The mark is committed: the content may go once the letter's claim is on disk.
        case committed
        /// Committed without the letter, whose content is withheld.
        case withheld
        /// A step, a batch or a sync failed with this error (a transaction is rolled back).
        case failed(any Error)
    }

    /// One letter to hand over, with the Date its message carries.
    struct HandOver {
        var letterId: Int64
        /// Its attempts before this hand-over.
        var attempts: Int
        /// Its place in the plan (0-based).
        var index: Int
        /// `host:port`, recorded with the `sending` event.
        var server: String
        /// ISO 8601 UTC.
        var timestamp: String
        /// The Date field's value (RFC 5322 §3.3).
        var dateField: String

        var sending: SendingEvent { SendingEvent(timestamp: timestamp, server: server, dateField: dateField) }
    }

    /// An outcome, its report, and what the queue is to store (its `sending` event included):
    /// a class, passed along by reference from the moment it comes to its report.
    final class Outcome {
        let record: DeliveryRecord
        let report: SendProgress
        let stored: StoredOutcome

        init(record: DeliveryRecord, report: SendProgress, stored: StoredOutcome) {
            self.record = record
            self.report = report
            self.stored = stored
        }

        /// True when the server took the message: for every To (the letter is `sent`), or for
        /// some recipient only (a copy accepted while the To was deferred or refused). Such an
        /// outcome, unrecorded, is worth saying: resending the letter would deliver it twice.
        var wasTaken: Bool {
            record.kind == .sent || stored.recipients.contains { $0.state == .accepted }
        }
    }

    /// A report waiting for the queue to take its outcome (or, for a letter withheld, the
    /// outcomes before it), with the letter's place in the plan.
    private struct Waiting {
        var report: SendProgress
        var outcome: Outcome?
        var index: Int
    }

    /// Outcomes that make a batch: a batch costs about as much as a few letters' marks, so
    /// one per this many letters makes its cost small beside theirs.
    static let batchSize = 32
    /// Seconds an outcome waits at most before its batch, when letters go slowly: reports come
    /// this late at most (plus a sync).
    static let flushInterval = 0.02
    /// A fast run marks this many letters first, each in a transaction of its own.
    static let markedLetters = 8

    private let books: SendBooks
    private let sync: CommitSync
    private let log: HandOverLog
    @exclusivity(unchecked) private var claims: ClaimWindow
    /// The plan's letters, as planned (their attempts before this run).
    private let letters: [Letter]
    private let bootId: String
    /// Called once an outcome is on disk.
    private let progress: (SendProgress) -> Void
    @exclusivity(unchecked) private(set) var state = State.idle
    /// The letter in hand's content, the Date restamped; its storage is reused for every letter.
    @exclusivity(unchecked) private(set) var message: [UInt8] = []
    @exclusivity(unchecked) private var current: HandOver?
    /// The letter on its way (marked or noted) without an outcome yet, and whether the queue
    /// shows it `sending`.
    @exclusivity(unchecked) private var inFlight: (handOver: HandOver, marked: Bool)?
    /// True while a step's transaction is open.
    @exclusivity(unchecked) private var transactionOpen = false
    /// True when the open transaction marks the letter on its way.
    @exclusivity(unchecked) private var markingInFlight = false
    /// The claimed letters' stored messages, their status when claimed, and whether they could
    /// be claimed, by plan index modulo `HandOverLog.slots`: buffers reused for the whole run.
    /// Objects, so that the books thread fills the slots of the letters it claims while the
    /// sending thread reads those of letters claimed before (never the same slot: see
    /// `startBatch`).
    private let claimed: [ClaimSlot]
    /// Writes a fast run's batches while the sending thread goes on.
    private let booksThread = BooksThread()
    /// The batch the books thread writes, if any: until it is collected, no other transaction
    /// is made, and neither the claims nor the waiting outcomes it carries change.
    @exclusivity(unchecked) private var batch: BooksBatch?
    /// Why the last batch written on the books thread failed: the next letter fails with it.
    @exclusivity(unchecked) private var batchFailure: (any Error)?
    /// Batches the books thread wrote, and those of them that failed.
    @exclusivity(unchecked) private(set) var batchesAside = (written: 0, failed: 0)
    /// True from the start of a batch on the books thread until the sending thread has collected its end.
    var isWritingBatch: Bool { batch != nil }
    /// Outcomes not yet in the queue, oldest first.
    @exclusivity(unchecked) private var pending: [Waiting] = []
    /// How many of `pending` went into the open transaction.
    @exclusivity(unchecked) private var carried = 0
    /// The claims the open transaction adds and drops.
    @exclusivity(unchecked) private var change: ClaimWindow.Change?
    /// Reports, oldest first, with the commit after which they may be made (the one that
    /// stored their outcome), and the outcome when there is one.
    @exclusivity(unchecked) private var unreported: [(commit: UInt64, report: SendProgress, outcome: Outcome?)] = []
    @exclusivity(unchecked) private var firstUnreported = 0
    /// The last commit made.
    @exclusivity(unchecked) private var commits: UInt64 = 0
    /// When the oldest outcome waiting for the queue came (`DispatchTime` nanoseconds).
    @exclusivity(unchecked) private var oldestPending: UInt64 = 0
    /// The steps and content of every transfer: made once, for the letter in `current`.
    @exclusivity(unchecked) private var work: WaitingWork?

    /// - Parameters:
    ///   - db: the connection of the run's `LetterQueue.session`.
    ///   - letters: the plan, in order.
    ///   - interval: seconds between messages (0: not paced), which sets how letters are claimed.
    ///   - sync: makes the commits durable.
    ///   - log: the hand-over notes, opened.
    ///   - bootId: the system's boot, recorded with each claim.
    ///   - progress: called with each outcome once it is on disk.
    /// - Throws: `DatabaseError` when the statements cannot be prepared.
    init(
        db: Database, letters: [Letter], interval: Double, sync: CommitSync, log: HandOverLog,
        bootId: String = BootSession.current, progress: @escaping (SendProgress) -> Void
    ) throws {
        books = try SendBooks(db: db)
        self.sync = sync
        self.log = log
        self.letters = letters
        self.bootId = bootId
        self.progress = progress
        claims = ClaimWindow(total: letters.count, interval: interval)
        claimed = (0..<HandOverLog.slots).map { _ in ClaimSlot() }
    }

    deinit {
        booksThread.waitUntilIdle()
        booksThread.stop()
    }

    /// True while a letter is marked or noted as on its way and has no outcome yet.
    var isHandedOver: Bool { inFlight != nil }

    /// The steps of one letter's transfer, and its content, for `SMTPClient.deliver`.
    func transfer(_ handOver: HandOver) -> WaitingWork {
        current = handOver
        if let work { return work }
        let made = WaitingWork(
            steps: [{ [unowned self] in open() }, { [unowned self] in commit() }], neededBeforeContent: 2,
            whileWaiting: { [unowned self] in whileWaiting() }, content: { [unowned self] in content() })
        work = made
        return made
    }

    // MARK: - Transitions

    /// idle → marked, ready, unsendable or failed: writes the waiting outcomes and the claims
    /// when they are due, and, unless the letter is a fast run's past its first ones, marks it,
    /// all in one IMMEDIATE transaction (the write lock is taken at once).
    func open() {
        guard case .idle = state, let handOver = current else { return }
        let index = handOver.index
        let slot = index % HandOverLog.slots
        let fast = claims.pipelined && index >= Self.markedLetters
        // A batch written meanwhile on the books thread: waited for only when this letter's claim
        // may be in it, or when this letter needs the books.
        if batch != nil {
            let caughtUp = index >= claims.claimedThrough
            if !fast || caughtUp {
                // Claims were not far enough ahead: claim further next time.
                if fast { claims.waited() }
                booksThread.waitUntilIdle()
            }
            collectBatch()
        }
        if let failure = batchFailure {
            batchFailure = nil
            state = .failed(failure)
            return
        }
        if batch != nil {
            state = isSendable(slot, handOver) ? .ready : .unsendable
            return
        }
        // A claim goes only once its letter's outcome is stored, in this transaction or before;
        // the outcomes go now when they are due, or when the claims they hold back are.
        var due = isFlushDue
        var change = claims.change(handingOver: index, finished: due ? index : (pending.first?.index ?? index))
        // Claims due, or held back by the outcomes waiting: the outcomes go with them, so that one
        // transaction (one commit, one sync) serves a batch of letters.
        if !due && !pending.isEmpty && (!change.claim.isEmpty || index >= claims.claimedThrough) {
            due = true
            change = claims.change(handingOver: index, finished: index)
        }
        if !claims.pipelined || index < Self.markedLetters {
            attempt {
                try books.begin()
                transactionOpen = true
                self.change = change
                if due { try writeOutcomes() }
                try claim(change)
                if isSendable(slot, handOver), try books.handOver(handOver.letterId, at: handOver.timestamp) {
                    state = .marked
                } else {
                    claimed[slot].sendable = false
                    state = .unsendable
                }
            }
            return
        }
        if (due || !change.claim.isEmpty) && index < claims.claimedThrough && inFlight == nil {
            // This letter's claim is committed: the batch is written while it goes.
            startBatch(writingOutcomes: due, change)
        } else if due || !change.claim.isEmpty {
            do {
                try transaction {
                    self.change = change
                    if due { try writeOutcomes() }
                    try claim(change)
                }
            } catch {
                state = .failed(error)
                return
            }
        }
        state = isSendable(slot, handOver) ? .ready : .unsendable
    }

    /// True when `slot` holds this letter's claim and it could be claimed.
    private func isSendable(_ slot: Int, _ handOver: HandOver) -> Bool {
        claimed[slot].letterId == handOver.letterId && claimed[slot].sendable
    }

    /// Starts writing, on the books thread, the waiting outcomes (when `writingOutcomes`) and the
    /// claims `change` adds and drops, in one transaction.
    ///
    /// The slots it fills are those of the letters it claims, from `claims.claimedThrough` on;
    /// the sending thread reads only those of letters claimed before, up to `claimedThrough`
    /// (it waits for the batch at a letter it claims), from the one in hand on. Claims reach at
    /// most `ClaimWindow.limit` letters past the first whose outcome is not stored, which is at
    /// most the letter in hand: so no letter the batch claims shares a slot with one the sending
    /// thread reads meanwhile.
    private func startBatch(writingOutcomes: Bool, _ change: ClaimWindow.Change) {
        // The outcomes by reference (their fields are constants): nothing of them is copied here.
        let outcomes = writingOutcomes ? pending.compactMap(\.outcome) : []
        let batch = BooksBatch(change: change, carried: writingOutcomes ? pending.count : 0)
        self.batch = batch
        let (books, sync, letters, claimed, bootId) = (books, sync, letters, claimed, bootId)
        booksThread.start {
            do {
                try books.begin()
                for outcome in outcomes { try books.store(outcome.stored) }
                try Self.claim(change, books: books, letters: letters, slots: claimed, bootId: bootId)
                try books.commit()
                batch.commit = sync.committed()
            } catch {
                books.rollback()
                batch.failure = error
            }
        }
    }

    /// Takes the end of the batch written on the books thread, if it has ended: its outcomes are
    /// committed (reported once on disk) and its claims made, or its failure is kept for the
    /// next letter, its outcomes waiting again.
    private func collectBatch() {
        guard let batch, booksThread.isIdle else { return }
        self.batch = nil
        batchesAside.written += 1
        if let failure = batch.failure {
            batchesAside.failed += 1
            batchFailure = failure
            return
        }
        committed(batch.commit, change: batch.change, carried: batch.carried, markingInFlight: false)
    }

    /// Waits for the batch written on the books thread, if any, and takes its end: before the
    /// sending thread uses the books.
    private func settleBatch() {
        guard batch != nil else { return }
        booksThread.waitUntilIdle()
        collectBatch()
    }

    /// marked → committed; ready → committed; unsendable → withheld; or failed. The letter is
    /// noted as on its way, and its content made, before its content can go.
    func commit() {
        let marked: Bool
        switch state {
        case .marked: marked = true
        case .ready: marked = false
        case .unsendable:
            if transactionOpen { commitTransaction() }
            if case .unsendable = state { state = .withheld }
            return
        default: return
        }
        if marked {
            commitTransaction()
            if case .failed = state { return }
        }
        guard let handOver = current else { return }
        log.noteHandOver(
            index: handOver.index, letterId: handOver.letterId, attempts: handOver.attempts,
            sending: handOver.sending)
        inFlight = (handOver, marked)
        claimed[handOver.index % HandOverLog.slots].message.withUnsafeBytes { stored in
            MessageBuilder.restamp(stored, dateField: handOver.dateField, into: &message)
        }
        state = .committed
    }

    private func commitTransaction() {
        attempt {
            try books.commit()
            transactionOpen = false
            committed()
        }
    }

    /// The content, once the letter's claim is on disk; nil (the transfer is aborted, nothing
    /// of the letter sent) when it is not to go.
    func content() -> [UInt8]? {
        guard case .committed = state, let index = current?.index else { return nil }
        if let claim = claims.commit(claiming: index), !sync.isDurable(claim) {
            claims.waited()
            do {
                try sync.waitUntilDurable(claim)
            } catch {
                state = .failed(error)
                return nil
            }
        }
        return message
    }

    /// While the server answers: reports what is on disk, and writes the waiting outcomes in a
    /// batch of their own when they have waited `flushInterval` (the server is slow: a held
    /// reply, a paced run's wait).
    func whileWaiting() {
        collectBatch()
        reportDurable()
        // Not while a step's transaction is open (a failed step rolled its own back).
        switch state {
        case .idle, .committed, .withheld: break
        default: return
        }
        // Not while a batch is written aside, nor after one failed: that failure is the next
        // letter's (`open`), which storing here would consume and hide.
        if isFlushDue && batch == nil && batchFailure == nil { try? storePending(reporting: false) }
    }

    /// committed (or failed with the letter on its way) → idle: notes the letter's outcome; it
    /// goes to the queue with a later batch, after the letter's `sending` event.
    func record(_ record: DeliveryRecord, report: SendProgress) {
        guard let (handOver, _) = inFlight else { return }
        var stored = record.stored
        stored.sending = handOver.sending
        log.noteOutcome(index: handOver.index, stored)
        if pending.isEmpty { oldestPending = DispatchTime.now().uptimeNanoseconds }
        pending.append(
            Waiting(
                report: report, outcome: Outcome(record: record, report: report, stored: stored), index: handOver.index)
        )
        inFlight = nil
        state = .idle
    }

    /// withheld → idle; its report, if any, comes after the reports before it (once the
    /// outcomes waiting before it are on disk).
    func skip(report: SendProgress?) {
        if let report {
            if pending.isEmpty {
                unreported.append((commits, report, nil))
            } else {
                pending.append(Waiting(report: report, outcome: nil, index: current?.index ?? 0))
            }
        }
        state = .idle
        reportDurable()
    }

    /// failed → idle: the outcomes the failed transaction carried are waiting again. A letter on
    /// its way stays so: the caller records its outcome (its content was withheld).
    func recover() {
        guard case .failed = state else { return }
        settleBatch()
        carried = 0
        change = nil
        state = .idle
    }

    /// Writes the waiting outcomes in a batch of their own (a paced run does after each
    /// letter), and reports them once on disk.
    /// - Throws: the failure (the outcomes stay waiting, for `salvage`).
    func storePending() throws {
        try storePending(reporting: true)
    }

    private func storePending(reporting: Bool) throws {
        settleBatch()
        try throwBatchFailure()
        guard !pending.isEmpty || inFlight?.marked == false else { return }
        try transaction { try writeOutcomes() }
        if reporting { try reportAll() }
    }

    /// Ends the run's books: writes the waiting outcomes, drops every claim, and reports every
    /// outcome once it is on disk.
    /// - Throws: the failure (what is not on disk is left for `salvage`).
    func finish() throws {
        settleBatch()
        // A batch that failed as the run ended: its outcomes are tried again here.
        batchFailure = nil
        try transaction {
            try writeOutcomes()
            try books.releaseAll()
        }
        try reportAll()
        log.remove()
    }

    /// After a failure: reports what is on disk (waiting for the syncs under way) and returns
    /// the outcomes that are not, oldest first.
    func salvage() -> [Outcome] {
        settleBatch()
        if let last = unreported.last?.commit, (try? sync.waitUntilDurable(last)) != nil { reportDurable() }
        var lost = unreported[firstUnreported...].compactMap(\.outcome)
        lost += pending.compactMap(\.outcome)
        unreported.removeAll()
        firstUnreported = 0
        pending.removeAll()
        return lost
    }

    /// Waits until every committed outcome is on disk, and reports them.
    /// - Throws: `QueueError.notDurable` when a sync failed.
    func reportAll() throws {
        settleBatch()
        if let last = unreported.last?.commit { try sync.waitUntilDurable(last) }
        reportDurable()
    }

    /// Reports the outcomes whose commit is on disk, oldest first.
    func reportDurable() {
        guard firstUnreported < unreported.count else { return }
        var end = firstUnreported
        while end < unreported.count && sync.isDurable(unreported[end].commit) { end += 1 }
        for index in firstUnreported..<end {
            let report = unreported[index].report
            report.more = index + 1 < end
            progress(report)
        }
        firstUnreported = end
        if firstUnreported == unreported.count {
            unreported.removeAll(keepingCapacity: true)
            firstUnreported = 0
        }
    }

    /// The status of letter `id` now.
    /// - Throws: `QueueError.noSuchLetter`; `DatabaseError`.
    func status(of id: Int64) throws -> LetterStatus {
        settleBatch()
        return try books.status(of: id)
    }

    // MARK: - Batches

    /// True when `batchSize` outcomes wait, or one has waited `flushInterval`.
    private var isFlushDue: Bool {
        guard !pending.isEmpty else { return false }
        return pending.count >= Self.batchSize
            || DispatchTime.now().uptimeNanoseconds - oldestPending >= UInt64(Self.flushInterval * 1_000_000_000)
    }

    /// Writes the waiting outcomes (each after its `sending` event), and marks a letter on its
    /// way that the queue does not show `sending` yet, in the open transaction.
    private func writeOutcomes() throws {
        carried = pending.count
        for waiting in pending { if let outcome = waiting.outcome { try books.store(outcome.stored) } }
        if let (handOver, marked) = inFlight, !marked {
            try books.markSending(handOver.letterId, attempts: handOver.attempts + 1, at: handOver.timestamp)
            markingInFlight = true
        }
    }

    /// Drops the claims of the letters done; reads and claims the letters `change` adds, each
    /// sendable only as planned: open, and not handed over by anyone since.
    private func claim(_ change: ClaimWindow.Change) throws {
        try Self.claim(change, books: books, letters: letters, slots: claimed, bootId: bootId)
    }

    /// `claim(_:)` with what it uses given, for the books thread.
    private static func claim(
        _ change: ClaimWindow.Change, books: SendBooks, letters: [Letter], slots claimed: [ClaimSlot], bootId: String
    ) throws {
        if let last = change.release.last { try books.release(through: letters[last].id) }
        guard !change.claim.isEmpty else { return }
        var rows: [(id: Int64, attempts: Int, status: LetterStatus)] = []
        for index in change.claim {
            // The fields it needs, not a copy of the whole letter.
            let (id, attempts) = (letters[index].id, letters[index].attempts)
            let slot = index % HandOverLog.slots
            let found = try books.claimable(id, message: &claimed[slot].message)
            let sendable = LetterStatus.open.contains(found.status) && found.attempts == attempts
            claimed[slot].letterId = id
            claimed[slot].sendable = sendable
            // The planned status, which chose the envelope recipients it goes to (`SendPlan.targets`).
            if sendable { rows.append((id, attempts, letters[index].status)) }
        }
        try books.claim(rows, bootId: bootId)
    }

    /// The open transaction is committed: its outcomes are reported once on disk.
    private func committed() {
        committed(sync.committed(), change: change, carried: carried, markingInFlight: markingInFlight)
        change = nil
        markingInFlight = false
        carried = 0
    }

    /// Commit `number` made `change` and stored the first `carried` waiting outcomes (and marked
    /// the letter on its way, when `markingInFlight`).
    private func committed(_ number: UInt64, change: ClaimWindow.Change?, carried: Int, markingInFlight: Bool) {
        commits = number
        if let change { claims.committed(change, as: number) }
        if markingInFlight { inFlight?.marked = true }
        guard carried > 0 else { return }
        for waiting in pending.prefix(carried) { unreported.append((number, waiting.report, waiting.outcome)) }
        pending.removeFirst(carried)
        oldestPending = DispatchTime.now().uptimeNanoseconds
    }

    /// Throws the failure of the last batch written on the books thread, once.
    private func throwBatchFailure() throws {
        guard let failure = batchFailure else { return }
        batchFailure = nil
        throw failure
    }

    /// Runs `body` in a transaction of its own.
    /// - Throws: the failure, after a rollback.
    private func transaction(_ body: () throws -> Void) throws {
        do {
            try books.begin()
            try body()
            try books.commit()
        } catch {
            books.rollback()
            carried = 0
            change = nil
            markingInFlight = false
            throw error
        }
        committed()
    }

    /// Runs `body`; a failure rolls the open transaction back and fails the journal.
    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            books.rollback()
            transactionOpen = false
            carried = 0
            change = nil
            markingInFlight = false
            state = .failed(error)
        }
    }
}

/// A claimed letter's slot (`SendJournal.claimed`): its stored message, read when claimed, and
/// whether it could be claimed.
private final class ClaimSlot {
    @exclusivity(unchecked) var letterId: Int64 = 0
    @exclusivity(unchecked) var message: [UInt8] = []
    @exclusivity(unchecked) var sendable = false
}

/// A batch written on the books thread: what it carries, set by the sending thread before it
/// starts, and how it ended, set by the books thread before it is idle.
private final class BooksBatch: @unchecked Sendable {
    let change: ClaimWindow.Change
    /// How many of the waiting outcomes, the oldest, it stores.
    let carried: Int
    /// The commit that wrote it.
    var commit: UInt64 = 0
    var failure: (any Error)?

    init(change: ClaimWindow.Change, carried: Int) {
        self.change = change
        self.carried = carried
    }
}
