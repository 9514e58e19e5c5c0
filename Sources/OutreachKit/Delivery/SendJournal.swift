import GRDB

/// The books of one send run, kept in the queue while the server answers, so that nothing is
/// lost and nothing goes twice, after a kill or a power loss.
///
/// Each letter's transfer moves the journal through named states, one transition per step that
/// `SMTPClient.deliver` runs while it waits for the server (MAIL, RCPT, DATA):
///
/// ```
/// idle ──open──▶ marked ──prepare──▶ prepared ──commit──▶ committed ──(claim on disk)──▶ content
///          │                                                                     ──record──▶ idle
///          └───▶ unsendable ──prepare──▶ unsendable ──commit──▶ withheld ──skip──▶ idle
/// any step's failure ──▶ failed (rolled back) ──recover──▶ idle
/// ```
///
/// One transaction, begun by `open`, adds and drops claims (`ClaimWindow`: the letters the run
/// may hand over, made durable before any of them can go), stores the previous letter's outcome
/// and marks this letter `sending`; `prepare` writes the events (the outcome, and the Date this
/// message carries) and reads the message; `commit` commits before the content goes. The
/// content also waits until the letter's claim is on disk (`CommitSync`), and an outcome is
/// reported only once the commit that stored it is on disk. So a kill leaves at most one
/// letter `sending`, and a power loss at most `ClaimWindow.limit` letters claimed without an
/// outcome.
final class SendJournal {
    /// Where the letter in hand is.
    enum State {
        /// No transfer under way.
        case idle
        /// Transaction open: the letter is marked `sending`.
        case marked
        /// Transaction open: the events are written; `message` is what will go.
        case prepared
        /// Transaction open: the letter was no longer sendable (discarded or changed meanwhile);
        /// `prepared` once the previous outcome's event is written.
        case unsendable(prepared: Bool)
        /// The mark is committed: the content may go once the letter's claim is on disk.
        case committed
        /// Committed without the letter, whose content is withheld.
        case withheld
        /// A step failed with this error; its transaction was rolled back.
        case failed(any Error)
    }

    /// One letter to mark `sending`, with the Date its message carries.
    struct HandOver {
        var letter: Letter
        /// Its place in the plan (0-based).
        var index: Int
        /// `host:port`, recorded with the `sending` event.
        var server: String
        /// ISO 8601 UTC.
        var timestamp: String
        /// The Date field's value (RFC 5322 §3.3).
        var dateField: String
    }

    /// An outcome and its report.
    struct Outcome {
        var record: DeliveryRecord
        var report: SendProgress
    }

    private let books: SendBooks
    private let sync: CommitSync
    private var claims: ClaimWindow
    /// The plan's letters, as planned (their attempts before this run).
    private let letters: [Letter]
    private let bootId: String
    /// Called once an outcome is on disk.
    private let progress: (SendProgress) -> Void
    private(set) var state = State.idle
    /// True once the letter in hand's mark is committed: it is `sending` in the queue.
    private(set) var markCommitted = false
    /// The letter in hand's content, the Date restamped; its storage is reused for every letter.
    private(set) var message: [UInt8] = []
    private var current: HandOver?
    /// An outcome recorded and not yet in a transaction.
    private var pending: Outcome?
    /// The outcome that went into the open transaction, until it is committed.
    private var carried: Outcome?
    /// The claims the open transaction adds and drops.
    private var change: ClaimWindow.Change?
    /// Committed outcomes, oldest first, with the commit that stored them; reported (and
    /// dropped) once that commit is on disk.
    private var unreported: [(commit: UInt64, outcome: Outcome)] = []
    private var firstUnreported = 0
    /// The steps and content of every transfer: made once, for the letter in `current`.
    private var work: WaitingWork?

    /// - Parameters:
    ///   - db: the connection of the run's `LetterQueue.session`.
    ///   - letters: the plan, in order.
    ///   - interval: seconds between messages (0: not paced), which sets how letters are claimed.
    ///   - sync: makes the commits durable.
    ///   - bootId: the system's boot, recorded with each claim.
    ///   - progress: called with each outcome once it is on disk.
    /// - Throws: `DatabaseError` when the statements cannot be prepared.
    init(
        db: Database, letters: [Letter], interval: Double, sync: CommitSync, bootId: String = BootSession.current,
        progress: @escaping (SendProgress) -> Void
    ) throws {
        books = try SendBooks(db: db)
        self.sync = sync
        self.letters = letters
        self.bootId = bootId
        self.progress = progress
        claims = ClaimWindow(total: letters.count, interval: interval)
    }

    /// The steps of one letter's transfer, and its content, for `SMTPClient.deliver`.
    func transfer(_ handOver: HandOver) -> WaitingWork {
        current = handOver
        if let work { return work }
        let made = WaitingWork(
            steps: [{ [unowned self] in open() }, { [unowned self] in prepare() }, { [unowned self] in commit() }],
            neededBeforeContent: 3, whileWaiting: { [unowned self] in reportDurable() },
            content: { [unowned self] in content() })
        work = made
        return made
    }

    // MARK: - Transitions

    /// idle → marked, unsendable or failed: begins an IMMEDIATE transaction (the write lock is
    /// taken at once), adds and drops claims, stores the pending outcome in its letter's row and
    /// marks this letter.
    func open() {
        guard case .idle = state, let handOver = current else { return }
        carried = pending
        pending = nil
        markCommitted = false
        let change = claims.change(handingOver: handOver.index, finished: handOver.index)
        attempt {
            try books.begin()
            self.change = change
            if let last = change.release.last { try books.release(through: letters[last].id) }
            if !change.claim.isEmpty { try books.claim(letters[change.claim], bootId: bootId) }
            let marked = try books.handOver(after: carried?.record.stored, handOver.letter.id, at: handOver.timestamp)
            state = marked ? .marked : .unsendable(prepared: false)
        }
    }

    /// marked → prepared; unsendable → unsendable, prepared; or failed: writes the events and
    /// reads the message, restamped.
    func prepare() {
        guard let handOver = current else { return }
        let marked: Bool
        switch state {
        case .marked: marked = true
        case .unsendable(prepared: false): marked = false
        default: return
        }
        attempt {
            try books.addEvents(
                after: carried?.record.stored, marked: marked, handOver.letter.id, at: handOver.timestamp,
                server: handOver.server, dateField: handOver.dateField)
            if marked {
                try books.message(of: handOver.letter.id, dateField: handOver.dateField, into: &message)
                state = .prepared
            } else {
                state = .unsendable(prepared: true)
            }
        }
    }

    /// prepared → committed; unsendable, prepared → withheld; or failed.
    func commit() {
        let next: State
        switch state {
        case .prepared: next = .committed
        case .unsendable(prepared: true): next = .withheld
        default: return
        }
        attempt {
            try books.commit()
            let number = sync.committed()
            if let change { claims.committed(change, as: number) }
            change = nil
            if let carried { unreported.append((number, carried)) }
            carried = nil
            state = next
            if case .committed = next { markCommitted = true }
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

    /// Reports the outcomes whose commit is on disk, oldest first.
    func reportDurable() {
        guard firstUnreported < unreported.count else { return }
        var index = firstUnreported
        while index < unreported.count && sync.isDurable(unreported[index].commit) {
            progress(unreported[index].outcome.report)
            index += 1
        }
        firstUnreported = index
        if firstUnreported == unreported.count {
            unreported.removeAll(keepingCapacity: true)
            firstUnreported = 0
        }
    }

    /// committed → idle: the letter's outcome waits to be stored with the next letter's mark.
    func record(_ record: DeliveryRecord, report: SendProgress) {
        pending = Outcome(record: record, report: report)
        state = .idle
        markCommitted = false
    }

    /// withheld → idle.
    func skip() {
        state = .idle
    }

    /// failed → idle: the outcome the failed transaction carried is pending again.
    func recover() {
        guard case .failed = state else { return }
        if let carried { pending = carried }
        carried = nil
        change = nil
        state = .idle
    }

    /// Stores the pending outcome in a transaction of its own (a paced run does, rather than
    /// wait for the next slot), and reports it once it is on disk.
    /// - Throws: the failure (the outcome stays pending, for `salvage`).
    func storePending() throws {
        guard let outcome = pending else { return }
        try write { try books.store(outcome.record.stored) }
        pending = nil
        unreported.append((sync.committed(), outcome))
        try reportAll()
    }

    /// Ends the run's books: stores the pending outcome, drops every claim, and reports every
    /// outcome once it is on disk.
    /// - Throws: the failure (what is not on disk is left for `salvage`).
    func finish() throws {
        let outcome = pending
        try write {
            if let outcome { try books.store(outcome.record.stored) }
            try books.releaseAll()
        }
        pending = nil
        let number = sync.committed()
        if let outcome { unreported.append((number, outcome)) }
        try sync.waitUntilDurable(number)
        reportDurable()
    }

    /// After a failure: reports what is on disk (waiting for the syncs under way) and returns
    /// the outcomes that are not, oldest first.
    func salvage() -> [Outcome] {
        if let last = unreported.last?.commit, (try? sync.waitUntilDurable(last)) != nil { reportDurable() }
        var lost = unreported[firstUnreported...].map(\.outcome)
        lost += [carried, pending].compactMap { $0 }
        unreported.removeAll()
        firstUnreported = 0
        carried = nil
        pending = nil
        return lost
    }

    /// Waits until every committed outcome is on disk, and reports them.
    /// - Throws: `QueueError.notDurable` when a sync failed.
    func reportAll() throws {
        if let last = unreported.last?.commit { try sync.waitUntilDurable(last) }
        reportDurable()
    }

    /// The status of letter `id` now.
    func status(of id: Int64) throws -> LetterStatus {
        try books.status(of: id)
    }

    // MARK: - SQL

    /// Runs `body` in a transaction of its own; a failure rolls it back and is thrown.
    private func write(_ body: () throws -> Void) throws {
        do {
            try books.begin()
            try body()
            try books.commit()
        } catch {
            books.rollback()
            throw error
        }
    }

    /// Runs `body`; a failure rolls the open transaction back and fails the journal.
    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            books.rollback()
            state = .failed(error)
        }
    }
}
