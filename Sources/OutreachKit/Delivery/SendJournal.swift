import GRDB

/// The books of one send run, kept in the queue while the server answers, so that nothing is
/// lost and nothing goes twice.
///
/// Each letter's transfer moves the journal through named states, one transition per step that
/// `SMTPClient.deliver` runs while it waits for the server (MAIL, RCPT, DATA):
///
/// ```
/// idle ──open──▶ claimed ──commit──▶ committed ──record──▶ idle   (the content went)
///          └───▶ unclaimable ──commit──▶ withheld ──skip──▶ idle   (discarded meanwhile)
/// any step's SQLite failure ──▶ failed (rolled back) ──recover──▶ idle
/// ```
///
/// `open` begins one transaction that stores the previous letter's outcome, marks this letter
/// `sending` (with the Date its message carries) and reads its message; `commit` commits it
/// before the content goes, and only then is the previous letter reported. An outcome is
/// `record`ed as pending: it goes with the next letter's `open`, or alone (`storePending`) when
/// the run is paced, stops or ends. So at most one letter is `sending` at any time.
final class SendJournal {
    /// Where the letter in hand is.
    enum State {
        /// No transfer under way.
        case idle
        /// Transaction open: the letter is marked `sending`; `message` is what will go.
        case claimed(message: [UInt8])
        /// Transaction open: the letter was no longer sendable (discarded or changed meanwhile).
        case unclaimable
        /// The claim is committed: the content may go.
        case committed(message: [UInt8])
        /// Committed without the letter, whose content is withheld.
        case withheld
        /// A step failed with this SQLite error; the transaction was rolled back.
        case failed(any Error)
    }

    /// One letter to mark `sending`, with the Date its message carries.
    struct Claim {
        var letter: Letter
        /// `host:port`, recorded with the `sending` event.
        var server: String
        /// ISO 8601 UTC.
        var timestamp: String
        /// The Date field's value (RFC 5322 §3.3).
        var dateField: String
    }

    private let db: Database
    /// Called once a letter's outcome is committed.
    private let progress: (SendProgress) -> Void
    private(set) var state = State.idle
    /// An outcome recorded and not yet committed, with its report.
    private var pending: (record: DeliveryRecord, report: SendProgress)?
    /// The outcome that went into the open transaction, until it is committed.
    private var carried: (record: DeliveryRecord, report: SendProgress)?

    init(db: Database, progress: @escaping (SendProgress) -> Void) {
        self.db = db
        self.progress = progress
    }

    /// The steps of one letter's transfer, and its content, for `SMTPClient.deliver`.
    func transfer(_ claim: Claim) -> WaitingWork {
        let beforeContent = [{ [self] in open(claim) }, { [self] in commit() }]
        return WaitingWork(
            steps: beforeContent + [{ [self] in reportCarried() }], neededBeforeContent: beforeContent.count
        ) {
            [self] in
            if case .committed(let message) = state { return message }
            return nil
        }
    }

    // MARK: - Transitions

    /// idle → claimed, unclaimable or failed: stores the pending outcome, claims the letter and
    /// reads its message, in one IMMEDIATE transaction (the write lock is taken at once).
    func open(_ claim: Claim) {
        guard case .idle = state else { return }
        carried = pending
        pending = nil
        attempt {
            try db.beginTransaction(.immediate)
            if let carried { try store(carried.record) }
            if try mark(claim) {
                let stored = try QueueWriter(db: db).message(of: claim.letter.id)
                state = .claimed(message: MessageBuilder.restamp(stored, dateField: claim.dateField))
            } else {
                state = .unclaimable
            }
        }
    }

    /// claimed → committed; unclaimable → withheld; or failed.
    func commit() {
        switch state {
        case .claimed(let message):
            attempt {
                try db.commit()
                state = .committed(message: message)
            }
        case .unclaimable:
            attempt {
                try db.commit()
                state = .withheld
            }
        default:
            break
        }
    }

    /// Once the transaction is committed, the outcome it carried is reported.
    func reportCarried() {
        switch state {
        case .committed, .withheld:
            if let carried { progress(carried.report) }
            carried = nil
        default:
            break
        }
    }

    /// committed → idle: the letter's outcome waits to be stored with the next claim.
    func record(_ record: DeliveryRecord, report: SendProgress) {
        pending = (record, report)
        state = .idle
    }

    /// withheld → idle.
    func skip() {
        state = .idle
    }

    /// failed → idle: the outcome the failed transaction carried is pending again.
    func recover() {
        guard case .failed = state else { return }
        pending = carried
        carried = nil
        state = .idle
    }

    /// Stores the pending outcome in a transaction of its own, then reports it.
    /// - Throws: the SQLite failure (the transaction was rolled back and the outcome dropped).
    func storePending() throws {
        guard let (record, report) = pending else { return }
        pending = nil
        try db.beginTransaction(.immediate)
        do {
            try store(record)
            try db.commit()
        } catch {
            try? db.rollback()
            throw error
        }
        progress(report)
    }

    /// The status of letter `id` now.
    func status(of id: Int64) throws -> LetterStatus {
        try QueueWriter(db: db).status(of: id)
    }

    // MARK: - SQL

    /// Runs `body`; a failure rolls the open transaction back and fails the journal.
    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            try? db.rollback()
            state = .failed(error)
        }
    }

    /// Takes a letter whose status is open, and only such a letter.
    private static let claimSQL = """
        UPDATE letter SET status = ?, attempts = attempts + 1, updatedAt = ?
        WHERE id = ? AND status IN (\(LetterStatus.open.map { _ in "?" }.joined(separator: ", ")))
        """

    /// Marks the letter `sending` with an event holding the Date its message carries.
    /// - Returns: false when the letter is no longer in a sendable state (discarded meanwhile).
    private func mark(_ claim: Claim) throws -> Bool {
        try db.cachedStatement(sql: Self.claimSQL).execute(
            arguments: StatementArguments([LetterStatus.sending, claim.timestamp, claim.letter.id] + LetterStatus.open))
        guard db.changesCount == 1 else { return false }
        try QueueWriter(db: db).addEvent(
            letterId: claim.letter.id, kind: .sending, detail: claim.server, at: claim.timestamp,
            dateHeader: claim.dateField)
        return true
    }

    /// Writes a letter's new state and its outcome event.
    private func store(_ record: DeliveryRecord) throws {
        let letter = record.letter
        try db.cachedStatement(
            sql: """
                UPDATE letter SET status = ?, attempts = ?, lastReply = ?, nextAttemptAt = ?, sentAt = ?, updatedAt = ? WHERE id = ?
                """
        ).execute(arguments: [
            letter.status, letter.attempts, letter.lastReply, letter.nextAttemptAt, letter.sentAt, letter.updatedAt,
            letter.id,
        ])
        try QueueWriter(db: db).addEvent(
            letterId: letter.id, kind: record.kind, detail: record.detail, at: record.at, replyCode: record.replyCode)
        try storeRecipients(record.recipients)
    }

    /// Writes what the server said to each envelope recipient of the hand-over.
    private func storeRecipients(_ recipients: [EnvelopeRecipient]) throws {
        for recipient in recipients {
            try db.cachedStatement(
                sql:
                    "UPDATE envelopeRecipient SET state = ?, reply = ?, updatedAt = ? WHERE letterId = ? AND position = ?"
            ).execute(arguments: [
                recipient.state, recipient.reply, recipient.updatedAt, recipient.letterId, recipient.position,
            ])
        }
    }
}
