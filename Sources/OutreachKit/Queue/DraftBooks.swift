import Foundation
import GRDB
import GRDBSQLite

/// The rows a draft writes for every letter (its `letter` row, its `message` and its
/// `envelopeRecipient` rows), by statements prepared once for the draft's transaction and run
/// through SQLite's C API: no SQL text looked up, no argument array built, no value boxed, and
/// the message bound from the merged bytes without a copy, for each of the hundreds of
/// thousands of letters a large list drafts. With `SendBooks` and `SeenKeys`, the only files of
/// the library that call SQLite directly.
///
/// Every method runs on the connection of the draft's transaction (`LetterQueue.write`).
///
/// While it holds the connection, SQLite does not evaluate the CHECK constraints on it
/// (`PRAGMA ignore_check_constraints`), as `SendBooks` does: `letter.channel IN (...)`,
/// `letter.status IN (...)`, `envelopeRecipient.role IN (...)` and `.state IN (...)` each build
/// a temporary index every time a row is inserted, about a sixth of a letter's store (measured
/// with `perf`). The statements here write only `Channel` and `EnvelopeRole` raw values, which
/// are those lists (QueueMigrationsTests keeps each the same as its CHECK list), and let the
/// status and state take their defaults. `close` turns the checks back on; SQLite compiles them
/// into a statement when it is prepared, so they stay off until then.
final class DraftBooks {
    private let connection: OpaquePointer
    private let letterStatement: Statement
    private let messageStatement: Statement
    private let recipientStatement: Statement
    private var closed = false
    /// The letter's text values back to back, bound in place (`SQLITE_STATIC`) for the step:
    /// SQLite then copies each value once, into the row, rather than first into a value of its
    /// own that it allocates and frees. Kept from letter to letter.
    private var texts: [UInt8] = []
    /// Where each value ends in `texts`.
    private var ends: [Int] = []

    /// Prepares the statements on `db`'s connection and turns the CHECK constraints off.
    /// - Throws: `DatabaseError` when one cannot be prepared (a schema older than this version).
    init(db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the queue's connection is closed")
        }
        self.connection = connection
        letterStatement = try db.makeStatement(
            sql: """
                INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource, channel,
                    subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt,
                    mailboxKey)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)
                """)
        messageStatement = try db.makeStatement(sql: "INSERT INTO message (letterId, bytes) VALUES (?1, ?2)")
        recipientStatement = try db.makeStatement(
            sql: "INSERT INTO envelopeRecipient (letterId, position, address, role) VALUES (?1, ?2, ?3, ?4)")
        // Last, once nothing can fail: an init that throws runs no deinit to turn them on again.
        try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
    }

    /// Turns the CHECK constraints back on for the connection (statements prepared before are
    /// prepared again with them). Safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        sqlite3_exec(connection, "PRAGMA ignore_check_constraints = OFF", nil, nil, nil)
    }

    deinit { close() }

    /// Inserts a letter (status `drafted`) with its message, its office's key and its envelope
    /// recipients (each `pending`, with its role, in RCPT order).
    /// - Parameters:
    ///   - letter: the merged letter.
    ///   - template: the template's name.
    ///   - batchId: the draft's batch.
    ///   - timestamp: the draft time, ISO 8601 UTC (the letter's `createdAt` and `updatedAt`).
    /// - Returns: the letter id.
    /// - Throws: `DatabaseError` (a Message-ID already in the queue, a full disk).
    func insert(_ letter: MergedLetter, template: String, batchId: Int64, at timestamp: String) throws -> Int64 {
        let handle = letterStatement.sqliteStatement
        sqlite3_bind_int64(handle, 1, batchId)
        // Parameters 2 to 16, in order.
        texts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        func add(_ text: String) {
            texts.append(contentsOf: text.utf8)
            ends.append(texts.count)
        }
        add(template)
        add(letter.recipientId)
        add(letter.recipientName)
        add(letter.role)
        add(letter.office)
        add(letter.recipientSource)
        add(letter.channel.rawValue)
        add(letter.subject)
        add(letter.envelopeFrom)
        add(letter.envelopeTo.count == 1 ? letter.envelopeTo[0] : letter.envelopeTo.joined(separator: " "))
        add(letter.contactForm)
        add(letter.postalAddress)
        add(letter.messageId)
        add(timestamp)
        add(letter.mailboxKey.isEmpty ? letter.officeKey() : letter.mailboxKey)
        // Never empty, so that even an empty value has an address (a nil one would bind NULL).
        texts.append(0)
        try texts.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the letter's values have no storage")
            }
            defer { sqlite3_clear_bindings(handle) }
            var start = 0
            for (offset, end) in ends.enumerated() {
                sqlite3_bind_text(handle, Int32(offset + 2), base + start, Int32(end - start), Self.static)
                start = end
            }
            try run(handle)
        }
        let id = sqlite3_last_insert_rowid(connection)
        try insertMessage(letter.message, letterId: id)
        let recipients = recipientStatement.sqliteStatement
        for (position, (address, role)) in zip(letter.envelopeTo, letter.roles).enumerated() {
            sqlite3_bind_int64(recipients, 1, id)
            sqlite3_bind_int64(recipients, 2, Int64(position))
            bind(recipients, 3, address)
            bind(recipients, 4, role.rawValue)
            try run(recipients)
        }
        return id
    }

    /// Inserts a letter's message, bound in place: SQLite reads the bytes while the statement
    /// steps and keeps no pointer to them afterwards (the binding is cleared).
    private func insertMessage(_ message: [UInt8], letterId: Int64) throws {
        let handle = messageStatement.sqliteStatement
        sqlite3_bind_int64(handle, 1, letterId)
        try message.withUnsafeBytes { bytes in
            defer { sqlite3_bind_null(handle, 2) }
            // An empty message would bind NULL from a nil base address; a zero-length blob stays a blob.
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(handle, 2, base, Int32(bytes.count), Self.static)
            } else {
                sqlite3_bind_zeroblob(handle, 2, 0)
            }
            try run(handle)
        }
    }

    // MARK: - C API

    /// `sqlite3_destructor_type` 0: the bytes stay valid and unchanged while SQLite uses them.
    private static var `static`: sqlite3_destructor_type? { nil }

    /// `sqlite3_destructor_type` -1: SQLite copies the bytes before the call returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ text: String) {
        // A native string is stored NUL-terminated: no copy is made to get its C string.
        text.withCString { _ = sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), Self.transient) }
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
