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
        guard let low = ids.min(), let high = ids.max() else { return [:] }
        let wanted = Set(ids)
        var envelopes: [Int64: [EnvelopeRecipient]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT \(EnvelopeRecipient.columns) FROM envelopeRecipient WHERE letterId BETWEEN ? AND ? ORDER BY letterId, position",
            arguments: [low, high])
        while let row = try rows.next() {
            let letterId: Int64 = row[0]
            guard wanted.contains(letterId) else { continue }
            envelopes[letterId, default: []].append(try EnvelopeRecipient(row: row))
        }
        return envelopes
    }
}
