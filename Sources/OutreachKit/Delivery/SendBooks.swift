import Foundation
import GRDB
import GRDBSQLite

/// The SQL a send run repeats for every letter, prepared once for the run and run through
/// SQLite's C API: no SQL text hashed to find a cached statement, no argument array built, no
/// value boxed, for each of the thousands of letters a campaign sends. The only file of the
/// library that calls SQLite directly; everything else goes through GRDB.
///
/// Every method runs on the connection of a `LetterQueue.session`, inside the transactions
/// `begin` and `commit` delimit.
final class SendBooks {
    private let connection: OpaquePointer
    private let beginStatement: Statement
    private let commitStatement: Statement
    private let rollbackStatement: Statement
    private let handOverStatement: Statement
    private let eventStatement: Statement
    private let outcomeStatement: Statement
    private let messageStatement: Statement
    private let claimStatement: Statement
    private let releaseStatement: Statement
    private let releaseAllStatement: Statement
    private let statusStatement: Statement

    /// Takes a letter whose status is open, and only such a letter. The statuses are written as
    /// comparisons, not `IN (...)`: SQLite builds a temporary index for an IN list of more than
    /// two values on every run of the statement.
    private static let handOverSQL = """
        UPDATE letter SET status = '\(LetterStatus.sending.rawValue)', attempts = attempts + 1, updatedAt = ?1
        WHERE id = ?2 AND (\(LetterStatus.open.map { "status = '\($0.rawValue)'" }.joined(separator: " OR ")))
        """

    /// Prepares the statements on `db`'s connection.
    /// - Throws: `DatabaseError` when one cannot be prepared (a schema older than this version).
    init(db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the queue's connection is closed")
        }
        self.connection = connection
        beginStatement = try db.makeStatement(sql: "BEGIN IMMEDIATE")
        commitStatement = try db.makeStatement(sql: "COMMIT")
        rollbackStatement = try db.makeStatement(sql: "ROLLBACK")
        handOverStatement = try db.makeStatement(sql: Self.handOverSQL)
        eventStatement = try db.makeStatement(
            sql: "INSERT INTO event (letterId, at, kind, detail, replyCode, dateHeader) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        )
        outcomeStatement = try db.makeStatement(
            sql: """
                UPDATE letter SET status = ?1, attempts = ?2, lastReply = ?3, nextAttemptAt = ?4, sentAt = ?5, updatedAt = ?6
                WHERE id = ?7
                """)
        messageStatement = try db.makeStatement(sql: "SELECT bytes FROM message WHERE letterId = ?1")
        claimStatement = try db.makeStatement(
            sql: "INSERT OR REPLACE INTO sendClaim (letterId, attempts, bootId) VALUES (?1, ?2, ?3)")
        releaseStatement = try db.makeStatement(sql: "DELETE FROM sendClaim WHERE letterId = ?1")
        releaseAllStatement = try db.makeStatement(sql: "DELETE FROM sendClaim")
        statusStatement = try db.makeStatement(sql: "SELECT status FROM letter WHERE id = ?1")
    }

    // MARK: - Transactions

    /// Begins an IMMEDIATE transaction: the write lock is taken at once (waiting up to the
    /// queue's busy timeout for another writer).
    func begin() throws { try run(beginStatement) }

    func commit() throws { try run(commitStatement) }

    /// Rolls back the open transaction, if any (SQLite may have rolled it back already).
    func rollback() {
        guard sqlite3_get_autocommit(connection) == 0 else { return }
        _ = try? run(rollbackStatement)
    }

    // MARK: - Letters

    /// Marks letter `id` `sending` (one more attempt) if its status is open.
    /// - Returns: false when it is not (discarded or marked delivered meanwhile).
    func handOver(_ id: Int64, at timestamp: String) throws -> Bool {
        let handle = handOverStatement.sqliteStatement
        bind(handle, 1, timestamp)
        sqlite3_bind_int64(handle, 2, id)
        try run(handOverStatement)
        return sqlite3_changes(connection) == 1
    }

    /// Appends an event to a letter's history.
    func addEvent(
        letterId: Int64, kind: EventKind, detail: String, at timestamp: String, replyCode: Int? = nil,
        dateHeader: String? = nil
    ) throws {
        let handle = eventStatement.sqliteStatement
        sqlite3_bind_int64(handle, 1, letterId)
        bind(handle, 2, timestamp)
        bind(handle, 3, kind.rawValue)
        bind(handle, 4, detail)
        bind(handle, 5, replyCode)
        bind(handle, 6, dateHeader)
        try run(eventStatement)
    }

    /// Writes an outcome: the letter's delivery columns and its event.
    func store(_ outcome: StoredOutcome) throws {
        let handle = outcomeStatement.sqliteStatement
        bind(handle, 1, outcome.status.rawValue)
        sqlite3_bind_int64(handle, 2, Int64(outcome.attempts))
        bind(handle, 3, outcome.lastReply)
        bind(handle, 4, outcome.nextAttemptAt)
        bind(handle, 5, outcome.sentAt)
        bind(handle, 6, outcome.updatedAt)
        sqlite3_bind_int64(handle, 7, outcome.letterId)
        try run(outcomeStatement)
        try addEvent(
            letterId: outcome.letterId, kind: outcome.kind, detail: outcome.detail, at: outcome.at,
            replyCode: outcome.replyCode)
    }

    /// Reads letter `id`'s stored message into `buffer` with its Date replaced by `dateField`.
    /// - Throws: `QueueError.noSuchLetter` when it has no message; `DatabaseError`.
    func message(of id: Int64, dateField: String, into buffer: inout [UInt8]) throws {
        let handle = messageStatement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE { throw QueueError.noSuchLetter(id: id) }
            throw error(code)
        }
        let stored = UnsafeRawBufferPointer(
            start: sqlite3_column_blob(handle, 0), count: Int(sqlite3_column_bytes(handle, 0)))
        MessageBuilder.restamp(stored, dateField: dateField, into: &buffer)
    }

    /// The status of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`; `DatabaseError`.
    func status(of id: Int64) throws -> LetterStatus {
        let handle = statusStatement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE { throw QueueError.noSuchLetter(id: id) }
            throw error(code)
        }
        guard let text = sqlite3_column_text(handle, 0),
            let status = LetterStatus(rawValue: String(cString: text))
        else { throw QueueError.noSuchLetter(id: id) }
        return status
    }

    // MARK: - Claims

    /// Records that this run may hand letter `id` over (see `ClaimWindow`).
    /// - Parameters:
    ///   - id: the letter.
    ///   - attempts: its attempts before the hand-over.
    ///   - bootId: the system boot the run runs in (`BootSession.current`).
    /// - Throws: `DatabaseError`.
    func claim(_ id: Int64, attempts: Int, bootId: String) throws {
        let handle = claimStatement.sqliteStatement
        sqlite3_bind_int64(handle, 1, id)
        sqlite3_bind_int64(handle, 2, Int64(attempts))
        bind(handle, 3, bootId)
        try run(claimStatement)
    }

    /// Drops letter `id`'s claim: its outcome is recorded, in this transaction or before.
    func release(_ id: Int64) throws {
        sqlite3_bind_int64(releaseStatement.sqliteStatement, 1, id)
        try run(releaseStatement)
    }

    /// Drops every claim: the run is over.
    func releaseAll() throws { try run(releaseAllStatement) }

    // MARK: - C API

    /// `sqlite3_destructor_type` -1: SQLite copies the bytes before the call returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        // A native string is stored NUL-terminated: no copy is made to get its C string.
        text.withCString { _ = sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), Self.transient) }
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ value: Int?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Steps a statement that returns no row, then resets it for its next use.
    private func run(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }
}
