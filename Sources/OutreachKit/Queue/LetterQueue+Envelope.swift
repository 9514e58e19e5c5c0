import GRDB

extension LetterQueue {
    /// The envelope recipients of letter `id`, in RCPT order, each with its role and state.
    /// - Returns: none for a letter that is not emailed.
    /// - Throws: `QueueError.database`.
    public func envelope(letterId id: Int64) throws -> [EnvelopeRecipient] {
        try read { db in try Self.envelopes(db, letterIds: [id])[id] ?? [] }
    }

    /// The envelope recipients of one letter, by a cached statement (for a log of many letters).
    static func envelope(_ db: Database, letterId id: Int64) throws -> [EnvelopeRecipient] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(EnvelopeRecipient.columns) FROM envelopeRecipient WHERE letterId = ? ORDER BY position")
        return try Row.fetchAll(statement, arguments: [id]).map { try EnvelopeRecipient(row: $0) }
    }

    /// The envelope recipients of the letters `ids`, by letter, each list in RCPT order: one
    /// pass over the rows in the ids' range (a send plan's letters are mostly consecutive).
    /// - Throws: the SQLite error, or `QueueError.database` for a role or state unknown here.
    static func envelopes(_ db: Database, letterIds ids: [Int64]) throws -> [Int64: [EnvelopeRecipient]] {
        try SendBooks.envelopes(db, letterIds: ids)
    }
}
