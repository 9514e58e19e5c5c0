import Foundation
import GRDB
import GRDBSQLite

/// The SQL a send run repeats for every letter, prepared once for the run and run through
/// SQLite's C API: no SQL text hashed to find a cached statement, no argument array built, no
/// value boxed, for each of the thousands of letters a campaign sends. With `DraftBooks` (a
/// draft's inserts) and `SeenKeys` (its temporary file), the only files of the library that
/// call SQLite directly; everything else goes through GRDB.
///
/// The books have a connection of their own to the queue file, opened with the settings of the
/// run's connection (write-ahead log, `synchronous`, busy timeout), so that a batch can be
/// written on another thread than the one that opened the queue (`BooksThread`): GRDB's
/// connection expects its own queue's thread, even in the commit hook it installs. One thread
/// at a time uses the books: the connection has no mutex of its own (`SQLITE_OPEN_NOMUTEX`), and
/// `BooksThread` orders every use of it.
/// Every method runs inside the transactions `begin` and `commit` delimit (a run's batches:
/// see `SendJournal.open()` and `storePending()`).
///
/// The books' connection does not evaluate the CHECK constraints (`PRAGMA
/// ignore_check_constraints`): `letter.status IN (eight values)` builds a temporary index each
/// time a row's status changes, about a fifth of a message's bookkeeping (measured with
/// callgrind), and the statements here write only `LetterStatus` raw values, which are that
/// list, and `RecipientState` raw values for `envelopeRecipient.state` (QueueMigrationsTests
/// keeps each the same as its CHECK list). Nor does it check foreign keys: each `event` and
/// `sendClaim` row it inserts is for a letter it has just read or written in the same
/// transaction, and the check, a look-up of that letter for every row, was about a sixth of the
/// SQLite work per message (callgrind). Every other connection (discard, edit, mark, another
/// command, the run's own GRDB connection) keeps both checks.
final class SendBooks {
    /// The books' own connection to the queue.
    let connection: OpaquePointer
    private let beginStatement: OpaquePointer
    private let commitStatement: OpaquePointer
    private let rollbackStatement: OpaquePointer
    private let handOverStatement: OpaquePointer
    private let eventStatement: OpaquePointer
    /// Two events in one statement: a hand-over's `sending` event and its outcome's.
    private let eventsStatement: OpaquePointer
    private let outcomeStatement: OpaquePointer
    /// One envelope recipient's new state, written with its letter's outcome.
    private let recipientStatement: OpaquePointer
    private let markStatement: OpaquePointer
    private let claimableStatement: OpaquePointer
    private let claimStatement: OpaquePointer
    /// `claimBatch` claims in one statement.
    private let claimsStatement: OpaquePointer
    private let releaseStatement: OpaquePointer
    private let releaseAllStatement: OpaquePointer
    private let statusStatement: OpaquePointer

    /// Takes a letter whose status is open, and only such a letter. The statuses are written as
    /// comparisons, not `IN (...)`: SQLite builds a temporary index for an IN list of more than
    /// two values on every run of the statement.
    private static let handOverSQL = """
        UPDATE letter SET status = '\(LetterStatus.sending.rawValue)', attempts = attempts + 1, updatedAt = ?1
        WHERE id = ?2 AND (\(LetterStatus.open.map { "status = '\($0.rawValue)'" }.joined(separator: " OR ")))
        """

    /// How the statements that insert several rows begin. A failing row stops the statement
    /// without undoing the rows before it (`OR FAIL`): every failure rolls the whole transaction
    /// back (`SendJournal`), so nothing of it stays either way, and SQLite need not keep a
    /// statement journal, a copy of each page the statement changes, to undo the statement
    /// alone: 3,000 instructions less per letter, a twelfth of storing its outcome (callgrind).
    static let insertRows = "INSERT OR FAIL "

    /// Opens the books' connection to the file of `db`'s connection, with its settings, and
    /// prepares the statements.
    /// - Throws: `DatabaseError` when the file cannot be opened or a statement cannot be
    ///   prepared (a schema older than this version).
    init(db: Database) throws {
        guard let queue = db.sqliteConnection, let file = sqlite3_db_filename(queue, "main") else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the queue's connection is closed")
        }
        // The settings a connection does not keep in the file: how commits reach the disk, and
        // how often the log is copied back.
        let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 2
        let checkpoint = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1000
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(file, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(opened)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        connection = opened
        var prepared: [OpaquePointer] = []
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v3(opened, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
            guard code == SQLITE_OK, let statement else {
                let error = DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(opened)), sql: sql)
                for statement in prepared { sqlite3_finalize(statement) }
                sqlite3_close(opened)
                throw error
            }
            prepared.append(statement)
            return statement
        }
        // The run waits for another writer as long as the queue's own connection does (10 s).
        sqlite3_busy_timeout(opened, 10_000)
        // The run reads each letter's page of the queue once (its claim): mapped into memory, a
        // read is a copy, not a system call. (The write-ahead log is read as before.)
        let settings = """
            PRAGMA synchronous = \(synchronous); PRAGMA wal_autocheckpoint = \(checkpoint);
            PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF; PRAGMA mmap_size = \(Self.mappedBytes)
            """
        let set = sqlite3_exec(opened, settings, nil, nil, nil)
        guard set == SQLITE_OK else {
            let error = DatabaseError(
                resultCode: ResultCode(rawValue: set), message: String(cString: sqlite3_errmsg(opened)))
            sqlite3_close(opened)
            throw error
        }
        beginStatement = try prepare("BEGIN IMMEDIATE")
        commitStatement = try prepare("COMMIT")
        rollbackStatement = try prepare("ROLLBACK")
        handOverStatement = try prepare(Self.handOverSQL)
        let event = "INTO event (letterId, at, kind, detail, replyCode, dateHeader) VALUES (?, ?, ?, ?, ?, ?)"
        eventStatement = try prepare("INSERT " + event)
        eventsStatement = try prepare(Self.insertRows + event + ", (?, ?, ?, ?, ?, ?)")
        outcomeStatement = try prepare(
            """
            UPDATE letter SET status = ?1, attempts = ?2, lastReply = ?3, nextAttemptAt = ?4, sentAt = ?5, updatedAt = ?6
            WHERE id = ?7
            """)
        recipientStatement = try prepare(
            "UPDATE envelopeRecipient SET state = ?1, reply = ?2, updatedAt = ?3 WHERE letterId = ?4 AND position = ?5")
        markStatement = try prepare(
            "UPDATE letter SET status = '\(LetterStatus.sending.rawValue)', attempts = ?1, updatedAt = ?2 WHERE id = ?3"
        )
        claimableStatement = try prepare(
            """
            SELECT letter.status, letter.attempts, message.bytes FROM letter JOIN message ON message.letterId = letter.id
            WHERE letter.id = ?1
            """)
        let claim = "INTO sendClaim (letterId, attempts, status, bootId) VALUES (?, ?, ?, ?)"
        claimStatement = try prepare("INSERT " + claim)
        claimsStatement = try prepare(
            Self.insertRows + claim + String(repeating: ", (?, ?, ?, ?)", count: Self.claimBatch - 1))
        releaseStatement = try prepare("DELETE FROM sendClaim WHERE letterId <= ?1")
        releaseAllStatement = try prepare("DELETE FROM sendClaim")
        statusStatement = try prepare("SELECT status FROM letter WHERE id = ?1")
    }

    deinit {
        // Whatever a transaction left open holds was not committed by the run, so it goes.
        rollback()
        for statement in [
            beginStatement, commitStatement, rollbackStatement, handOverStatement, eventStatement, eventsStatement,
            outcomeStatement, recipientStatement, markStatement, claimableStatement, claimStatement, claimsStatement,
            releaseStatement, releaseAllStatement, statusStatement,
        ] {
            sqlite3_finalize(statement)
        }
        sqlite3_close_v2(connection)
    }

    /// Bytes of the queue file mapped while a run holds the connection: 1 GiB of address space
    /// (not of memory: pages are read in as they are touched), more than a queue of 100,000
    /// letters takes.
    static let mappedBytes = 1 << 30

    // MARK: - Transactions

    /// Begins an IMMEDIATE transaction: the write lock is taken at once (waiting up to the
    /// queue's busy timeout for another writer).
    /// - Throws: `DatabaseError`.
    func begin() throws { try run(beginStatement) }

    /// - Throws: `DatabaseError`.
    func commit() throws { try run(commitStatement) }

    /// Rolls back the open transaction, if any (SQLite may have rolled it back already).
    func rollback() {
        guard sqlite3_get_autocommit(connection) == 0 else { return }
        _ = try? run(rollbackStatement)
    }

    // MARK: - Letters

    /// Marks letter `id` `sending` (one more attempt) if its status is open: the one row a
    /// hand-over's own transaction writes. (Its `sending` event goes with its outcome.)
    /// - Returns: false when the letter is not open (discarded or marked delivered meanwhile).
    /// - Throws: `DatabaseError`.
    func handOver(_ id: Int64, at timestamp: String) throws -> Bool {
        let handle = handOverStatement
        bind(handle, 1, timestamp)
        sqlite3_bind_int64(handle, 2, id)
        try run(handOverStatement)
        return sqlite3_changes(connection) == 1
    }

    /// Marks letter `id` `sending`, its content on its way: a fast run's letter that the queue
    /// does not show so yet (it was noted as on its way).
    /// - Parameters:
    ///   - id: the letter.
    ///   - attempts: its attempts, this hand-over counted.
    ///   - timestamp: the hand-over's time, ISO 8601 UTC.
    /// - Throws: `DatabaseError`.
    func markSending(_ id: Int64, attempts: Int, at timestamp: String) throws {
        let handle = markStatement
        sqlite3_bind_int64(handle, 1, Int64(attempts))
        bind(handle, 2, timestamp)
        sqlite3_bind_int64(handle, 3, id)
        try run(markStatement)
    }

    /// Letter `id`'s status and attempts now, and its stored message (read into `buffer`),
    /// for its claim.
    /// - Throws: `QueueError.noSuchLetter` when it or its message is missing; `DatabaseError`.
    func claimable(_ id: Int64, message buffer: inout [UInt8]) throws -> (status: LetterStatus, attempts: Int) {
        let handle = claimableStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE { throw QueueError.noSuchLetter(id: id) }
            throw error(code)
        }
        guard let text = sqlite3_column_text(handle, 0), let status = LetterStatus(rawValue: String(cString: text))
        else { throw QueueError.noSuchLetter(id: id) }
        let stored = UnsafeRawBufferPointer(
            start: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: stored)
        return (status, Int(sqlite3_column_int64(handle, 1)))
    }

    /// The status of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`; `DatabaseError`.
    func status(of id: Int64) throws -> LetterStatus {
        let handle = statusStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE { throw QueueError.noSuchLetter(id: id) }
            throw error(code)
        }
        guard let text = sqlite3_column_text(handle, 0), let status = LetterStatus(rawValue: String(cString: text))
        else { throw QueueError.noSuchLetter(id: id) }
        return status
    }

    /// Writes an outcome: the letter's delivery columns and its event, after its hand-over's
    /// `sending` event when the outcome carries it (the queue does not have it yet), and the new
    /// state of each envelope recipient it changed: all in the open transaction.
    /// - Throws: `DatabaseError`.
    func store(_ outcome: StoredOutcome) throws {
        let handle = outcomeStatement
        bind(handle, 1, outcome.status.rawValue)
        sqlite3_bind_int64(handle, 2, Int64(outcome.attempts))
        bind(handle, 3, outcome.lastReply)
        bind(handle, 4, outcome.nextAttemptAt)
        bind(handle, 5, outcome.sentAt)
        bind(handle, 6, outcome.updatedAt)
        sqlite3_bind_int64(handle, 7, outcome.letterId)
        try run(outcomeStatement)
        if let sending = outcome.sending {
            let events = eventsStatement
            bindSending(events, from: 1, outcome.letterId, sending)
            bindEvent(events, from: 7, outcome)
            try run(eventsStatement)
        } else {
            bindEvent(eventStatement, from: 1, outcome)
            try run(eventStatement)
        }
        guard !outcome.recipients.isEmpty else { return }
        let recipients = recipientStatement
        for recipient in outcome.recipients {
            bind(recipients, 1, recipient.state.rawValue)
            bind(recipients, 2, recipient.reply)
            bind(recipients, 3, outcome.at)
            sqlite3_bind_int64(recipients, 4, outcome.letterId)
            sqlite3_bind_int64(recipients, 5, Int64(recipient.position))
            try run(recipientStatement)
        }
    }

    /// Appends an event to a letter's history.
    /// - Throws: `DatabaseError`.
    func addEvent(
        letterId: Int64, kind: EventKind, detail: String, at timestamp: String, replyCode: Int? = nil,
        dateHeader: String? = nil
    ) throws {
        bindEvent(
            eventStatement, from: 1, letterId: letterId, at: timestamp, kind: kind, detail: detail,
            replyCode: replyCode, dateHeader: dateHeader)
        try run(eventStatement)
    }

    private func bindSending(_ handle: OpaquePointer, from first: Int32, _ id: Int64, _ sending: SendingEvent) {
        bindEvent(
            handle, from: first, letterId: id, at: sending.timestamp, kind: .sending, detail: sending.server,
            replyCode: nil, dateHeader: sending.dateField)
    }

    private func bindEvent(_ handle: OpaquePointer, from first: Int32, _ outcome: StoredOutcome) {
        bindEvent(
            handle, from: first, letterId: outcome.letterId, at: outcome.at, kind: outcome.kind,
            detail: outcome.detail, replyCode: outcome.replyCode, dateHeader: nil)
    }

    private func bindEvent(
        _ handle: OpaquePointer, from first: Int32, letterId: Int64, at timestamp: String, kind: EventKind,
        detail: String, replyCode: Int?, dateHeader: String?
    ) {
        sqlite3_bind_int64(handle, first, letterId)
        bind(handle, first + 1, timestamp)
        bind(handle, first + 2, kind.rawValue)
        bind(handle, first + 3, detail)
        bind(handle, first + 4, replyCode)
        bind(handle, first + 5, dateHeader)
    }

    // MARK: - Claims

    /// Claims written by one statement.
    static let claimBatch = 8

    /// Records that this run may hand `letters` over (see `ClaimWindow`), `claimBatch` to a
    /// statement.
    /// - Parameters:
    ///   - letters: the letters' ids, and their attempts and status before the hand-over.
    ///   - bootId: the system boot the run runs in (`BootSession.current`).
    /// - Throws: `DatabaseError`.
    func claim(_ letters: [(id: Int64, attempts: Int, status: LetterStatus)], bootId: String) throws {
        var rest = letters[...]
        while !rest.isEmpty {
            let batch = rest.count >= Self.claimBatch
            let statement = batch ? claimsStatement : claimStatement
            let handle = statement
            for (offset, letter) in rest.prefix(batch ? Self.claimBatch : 1).enumerated() {
                let first = Int32(offset * 4 + 1)
                sqlite3_bind_int64(handle, first, letter.id)
                sqlite3_bind_int64(handle, first + 1, Int64(letter.attempts))
                bind(handle, first + 2, letter.status.rawValue)
                bind(handle, first + 3, bootId)
            }
            try run(statement)
            rest = rest.dropFirst(batch ? Self.claimBatch : 1)
        }
    }

    /// Drops the claims of letters up to `id`: their outcome is recorded, in this transaction
    /// or before. (A run's letters go in the order of their ids.)
    /// - Throws: `DatabaseError`.
    func release(through id: Int64) throws {
        sqlite3_bind_int64(releaseStatement, 1, id)
        try run(releaseStatement)
    }

    /// Drops every claim: the run is over.
    /// - Throws: `DatabaseError`.
    func releaseAll() throws { try run(releaseAllStatement) }

    // MARK: - Planning

    /// The letters `sql` selects (`Letter.columns`, in order), read column by column through
    /// the C API: a run reads every letter it plans to send, and GRDB's rows cost four times
    /// as much per letter.
    /// - Parameters:
    ///   - db: the queue.
    ///   - sql: a SELECT of `Letter.columns`.
    ///   - arguments: its arguments.
    /// - Returns: the letters, in the order of the query.
    /// - Throws: `DatabaseError`; `QueueError.database` for a status or channel this version
    ///   does not know.
    static func letters(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Letter] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        func text(_ column: Int32) -> String { Self.text(handle, column) }
        func optionalText(_ column: Int32) -> String? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : text(column)
        }
        var letters: [Letter] = []
        try eachRow(of: statement, in: db) {
            let id = sqlite3_column_int64(handle, 0)
            guard let channel = Channel(rawValue: text(8)), let status = LetterStatus(rawValue: text(9)) else {
                throw QueueError.database(
                    reason:
                        "letter \(id) has channel '\(text(8))' and status '\(text(9))', which this version of outreach does not know"
                )
            }
            letters.append(
                Letter(
                    id: id, batchId: sqlite3_column_int64(handle, 1), template: text(2), recipientId: text(3),
                    recipientName: text(4), role: text(5), office: text(6), recipientSource: text(7), channel: channel,
                    status: status, subject: text(10), envelopeFrom: text(11), envelopeTo: text(12),
                    contactForm: text(13), postalAddress: text(14), messageId: text(15), createdAt: text(16),
                    updatedAt: text(17), attempts: Int(sqlite3_column_int64(handle, 18)),
                    nextAttemptAt: optionalText(19),
                    sentAt: optionalText(20), lastReply: text(21)))
        }
        return letters
    }

    /// Steps `statement` through its rows, running `body` on each, then resets it.
    /// - Throws: `DatabaseError` when a step fails; what `body` throws.
    private static func eachRow(of statement: Statement, in db: Database, _ body: () throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body()
        }
    }

    /// The envelope recipients of the letters `ids`, by letter, each list in RCPT order (see
    /// `LetterQueue.envelopes`), read column by column through the C API: a run reads the
    /// envelope of every letter it plans to send.
    /// - Parameters:
    ///   - db: the queue.
    ///   - ids: the letters.
    /// - Returns: each letter's envelope recipients; none for a letter without any.
    /// - Throws: `DatabaseError`; `QueueError.database` for a role or state this version does not know.
    static func envelopes(_ db: Database, letterIds ids: [Int64]) throws -> [Int64: [EnvelopeRecipient]] {
        guard let low = ids.min(), let high = ids.max() else { return [:] }
        let wanted = Set(ids)
        let statement = try db.makeStatement(
            sql:
                "SELECT \(EnvelopeRecipient.columns) FROM envelopeRecipient WHERE letterId BETWEEN ? AND ? ORDER BY letterId, position"
        )
        try statement.setArguments([low, high])
        let handle = statement.sqliteStatement
        var envelopes: [Int64: [EnvelopeRecipient]] = [:]
        try eachRow(of: statement, in: db) {
            let letterId = sqlite3_column_int64(handle, 0)
            guard wanted.contains(letterId) else { return }
            let (role, state) = try EnvelopeRecipient.roleAndState(text(handle, 3), text(handle, 4), letterId: letterId)
            envelopes[letterId, default: []].append(
                EnvelopeRecipient(
                    letterId: letterId, position: Int(sqlite3_column_int64(handle, 1)), address: text(handle, 2),
                    role: role, state: state, reply: text(handle, 5),
                    updatedAt: sqlite3_column_type(handle, 6) == SQLITE_NULL ? nil : text(handle, 6)))
        }
        return envelopes
    }

    // MARK: - C API

    /// Column `column` of the row `handle` is on, as text ("" for NULL): its UTF-8 bytes as
    /// SQLite holds them, their length known (no C string scan).
    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))),
            as: UTF8.self)
    }

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
    private func run(_ handle: OpaquePointer) throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }
}
