import Foundation
import GRDB

/// Writes to the queue inside one transaction (see `LetterQueue.write`).
public final class QueueWriter {
    let db: Database
    /// The draft's inserts, prepared by the first `insert`.
    private var draftBooks: DraftBooks?
    private var insertRecipient: Statement?
    /// The look-ups of `earlierLetter`, by the number of templates they name (the roles of one
    /// draft may have different numbers).
    private var findByRecipient: [Int: Statement] = [:]
    private var findByMailbox: [Int: Statement] = [:]

    init(db: Database) {
        self.db = db
    }

    /// Starts a batch of drafts and returns its id.
    public func beginBatch(template: String, role: String, at date: Date) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO batch (createdAt, template, role) VALUES (?, ?, ?)",
            arguments: [Timestamp.string(date), template, role])
        return db.lastInsertedRowID
    }

    /// Records how many letters the batch wrote.
    public func finishBatch(_ id: Int64, letterCount: Int) throws {
        try db.execute(sql: "UPDATE batch SET letterCount = ? WHERE id = ?", arguments: [letterCount, id])
    }

    /// Records the templates a batch used, when a draft chose one per recipient.
    /// - Parameters:
    ///   - id: the batch.
    ///   - templates: the names, as `batch.template` keeps them (`a, b`).
    /// - Throws: the SQLite error (`LetterQueue.write` turns it into `QueueError.database`).
    public func setBatchTemplates(_ id: Int64, templates: String) throws {
        try db.execute(sql: "UPDATE batch SET template = ? WHERE id = ?", arguments: [templates, id])
    }

    /// True when any letter was drafted from one of `templates` (a discarded one too).
    /// - Parameter templates: template names.
    /// - Returns: whether the per-recipient look-ups are needed.
    /// - Throws: the SQLite error.
    public func hasLetters(anyOf templates: [String]) throws -> Bool {
        guard !templates.isEmpty else { return false }
        return try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM letter WHERE template IN (\(Self.marks(templates.count))))",
            arguments: StatementArguments(templates)) ?? false
    }

    /// The letter drafted from one of `templates` to the recipient `recipientId`, or else to the
    /// office `mailboxKey` names (`MailboxIdentity`), from any list under any id. When `draft`
    /// chooses the template, `templates` are all it could choose: an office gets one letter of
    /// them. A discarded letter counts (the person chose not to send it); one that is not
    /// discarded is preferred.
    /// - Parameters:
    ///   - templates: template names.
    ///   - recipientId: the recipient's `id`; `""` matches nothing.
    ///   - mailboxKey: the office's key; `""` matches nothing.
    /// - Returns: the earlier letter, or nil.
    /// - Throws: the SQLite error.
    public func earlierLetter(anyOf templates: [String], recipientId: String, mailboxKey: String) throws
        -> EarlierLetter?
    {
        guard !templates.isEmpty else { return nil }
        let arguments = StatementArguments(templates)
        if !recipientId.isEmpty {
            let byRecipient =
                try findByRecipient[templates.count]
                ?? db.makeStatement(
                    sql:
                        "SELECT \(EarlierLetter.columns) FROM letter WHERE template IN (\(Self.marks(templates.count)))"
                        + " AND recipientId = ? ORDER BY status = 'discarded', id LIMIT 1")
            findByRecipient[templates.count] = byRecipient
            if let found = try EarlierLetter.fetchOne(byRecipient, arguments: arguments + [recipientId]) {
                return found
            }
        }
        guard !mailboxKey.isEmpty else { return nil }
        let byMailbox =
            try findByMailbox[templates.count]
            ?? db.makeStatement(
                sql: "SELECT \(EarlierLetter.columns) FROM letter WHERE template IN (\(Self.marks(templates.count)))"
                    + " AND mailboxKey = ? ORDER BY status = 'discarded', id LIMIT 1")
        findByMailbox[templates.count] = byMailbox
        return try EarlierLetter.fetchOne(byMailbox, arguments: arguments + [mailboxKey])
    }

    /// `count` SQL parameter marks: `?, ?, ?`.
    private static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Inserts a letter (status `drafted`) with its message, its office's key and its envelope
    /// recipients (each `pending`, with its role).
    /// - Parameters:
    ///   - letter: the merged letter.
    ///   - template: the template's name.
    ///   - batchId: the draft's batch.
    ///   - timestamp: the draft time, ISO 8601 UTC.
    /// - Returns: the letter id.
    /// - Throws: the SQLite error.
    public func insert(_ letter: MergedLetter, template: String, batchId: Int64, at timestamp: String) throws -> Int64 {
        let books = try draftBooks ?? DraftBooks(db: db)
        draftBooks = books
        // Drafting is recorded by the letter's createdAt and its batch; `event` holds every
        // change after that. One row per letter instead of two keeps a large draft fast.
        return try books.insert(letter, template: template, batchId: batchId, at: timestamp)
    }

    /// Ends the writer's use of the connection, at the end of its transaction: the CHECK
    /// constraints `insert` turned off are on again (see `DraftBooks`).
    func close() {
        draftBooks?.close()
        draftBooks = nil
    }

    /// Writes a letter's envelope recipients, in RCPT order, each `pending`.
    /// - Parameters:
    ///   - letterId: the letter.
    ///   - addresses: the envelope addresses, in the order RCPT TO names them.
    ///   - roles: each address's role (as many as `addresses`).
    /// - Throws: the SQLite error.
    public func insertEnvelope(letterId: Int64, addresses: [String], roles: [EnvelopeRole]) throws {
        let statement =
            try insertRecipient
            ?? db.makeStatement(
                sql: "INSERT INTO envelopeRecipient (letterId, position, address, role) VALUES (?, ?, ?, ?)")
        insertRecipient = statement
        for (position, (address, role)) in zip(addresses, roles).enumerated() {
            statement.setUncheckedArguments([letterId, position, address, role])
            try statement.execute()
        }
    }

    /// Appends an event to a letter's history.
    /// - Parameters:
    ///   - letterId: the letter.
    ///   - kind: what happened.
    ///   - detail: the server's reply, the server, or a note.
    ///   - timestamp: when, ISO 8601 UTC.
    ///   - replyCode: the server's reply code, for delivery outcomes.
    ///   - dateHeader: the Date field a `sending` event's message carried.
    /// - Throws: the SQLite error (`LetterQueue.write` turns it into `QueueError.database`).
    public func addEvent(
        letterId: Int64, kind: EventKind, detail: String, at timestamp: String, replyCode: Int? = nil,
        dateHeader: String? = nil
    ) throws {
        try db.cachedStatement(
            sql: "INSERT INTO event (letterId, at, kind, detail, replyCode, dateHeader) VALUES (?, ?, ?, ?, ?, ?)"
        )
        .execute(arguments: [letterId, timestamp, kind, detail, replyCode, dateHeader])
    }

    /// The stored message of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`.
    public func message(of id: Int64) throws -> [UInt8] {
        guard
            let data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT bytes FROM message WHERE letterId = ?"), arguments: [id])
        else {
            throw QueueError.noSuchLetter(id: id)
        }
        return [UInt8](data)
    }

    /// The status of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`.
    public func status(of id: Int64) throws -> LetterStatus {
        guard let raw = try String.fetchOne(db, sql: "SELECT status FROM letter WHERE id = ?", arguments: [id]),
            let status = LetterStatus(rawValue: raw)
        else { throw QueueError.noSuchLetter(id: id) }
        return status
    }

    /// Sets the status of letter `id` and records the change as an event.
    public func setStatus(_ id: Int64, to status: LetterStatus, detail: String = "", at date: Date) throws {
        let timestamp = Timestamp.string(date)
        try db.execute(
            sql: "UPDATE letter SET status = ?, updatedAt = ? WHERE id = ?", arguments: [status, timestamp, id])
        try addEvent(letterId: id, kind: EventKind(status), detail: detail, at: timestamp)
    }

    /// Replaces the subject and message of a drafted letter (after `edit`), recording an event.
    public func replaceMessage(_ id: Int64, subject: String, message: [UInt8], at date: Date) throws {
        let timestamp = Timestamp.string(date)
        try db.execute(
            sql: "UPDATE letter SET subject = ?, updatedAt = ? WHERE id = ?", arguments: [subject, timestamp, id])
        try db.execute(sql: "UPDATE message SET bytes = ? WHERE letterId = ?", arguments: [Data(message), id])
        try addEvent(letterId: id, kind: .edited, detail: "", at: timestamp)
    }
}
