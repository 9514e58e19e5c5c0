import GRDB

/// A send run's writes to the queue, in pieces small enough to do while the server answers
/// an SMTP command: `LetterBookkeeping` hands them to `SMTPClient.deliver` as steps, so the
/// bookkeeping adds little to a run's time.
struct SendBooks {
    let db: Database

    /// One letter to mark `sending`, with the Date its message carries.
    struct Claim {
        var letter: Letter
        var server: String
        /// ISO 8601 UTC.
        var timestamp: String
        /// The Date field's value (RFC 5322 §3.3).
        var dateField: String
    }

    /// One letter's new state and the event recording its outcome.
    struct Outcome {
        var letter: Letter
        var event: OutcomeEvent
    }

    /// Starts the transaction (IMMEDIATE: takes the write lock now, not at the first write).
    func begin() throws {
        try db.beginTransaction(.immediate)
    }

    func commit() throws {
        try db.commit()
    }

    /// Undoes an open transaction; nothing when none is open.
    func rollback() {
        try? db.rollback()
    }

    /// Marks the letter `sending` with an event holding the Date its message carries.
    /// - Returns: false when the letter is no longer in a sendable state (discarded meanwhile).
    func claim(_ claim: Claim) throws -> Bool {
        try db.cachedStatement(
            sql: """
                UPDATE letter SET status = 'sending', attempts = attempts + 1, updatedAt = ?
                WHERE id = ? AND status IN ('drafted', 'deferred', 'failed', 'unknown')
                """
        ).execute(arguments: [claim.timestamp, claim.letter.id])
        guard db.changesCount == 1 else { return false }
        try QueueWriter(db: db).addEvent(
            letterId: claim.letter.id, kind: "sending", detail: claim.server, at: claim.timestamp,
            dateHeader: claim.dateField)
        return true
    }

    /// Writes a letter's new state and its outcome event.
    func store(_ outcome: Outcome) throws {
        let letter = outcome.letter
        let event = outcome.event
        try db.cachedStatement(
            sql: """
                UPDATE letter SET status = ?, attempts = ?, lastReply = ?, nextAttemptAt = ?, sentAt = ?, updatedAt = ? WHERE id = ?
                """
        ).execute(arguments: [
            letter.status.rawValue, letter.attempts, letter.lastReply, letter.nextAttemptAt, letter.sentAt,
            letter.updatedAt, letter.id,
        ])
        try QueueWriter(db: db).addEvent(
            letterId: letter.id, kind: event.kind, detail: event.detail, at: event.at, replyCode: event.code)
    }

    /// Stores an outcome in a transaction of its own.
    func storeAlone(_ outcome: Outcome) throws {
        try begin()
        do {
            try store(outcome)
            try commit()
        } catch {
            rollback()
            throw error
        }
    }

    /// The stored message of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`.
    func message(of id: Int64) throws -> [UInt8] {
        try QueueWriter(db: db).message(of: id)
    }
}

/// The event that records a delivery outcome.
struct OutcomeEvent {
    var kind: String
    var detail: String
    var code: Int?
    var at: String
}
