import GRDB

/// One entry of a letter's history.
public struct LetterEvent: Sendable, Codable, FetchableRecord, Equatable {
    /// ISO 8601 UTC.
    public var at: String
    public var kind: EventKind
    /// The server's reply, the recipient row, or a note.
    public var detail: String
    /// The server's reply code, for delivery outcomes.
    public var replyCode: Int?

    /// Reads the columns `at`, `kind`, `detail` and, when the row has it, `replyCode`.
    /// - Throws: `QueueError.database` for a kind this version does not know.
    public init(row: Row) throws {
        at = row["at"]
        let kindName: String = row["kind"]
        guard let kind = EventKind(rawValue: kindName) else {
            throw QueueError.database(
                reason: "an event has kind '\(kindName)', which this version of outreach does not know")
        }
        self.kind = kind
        detail = row["detail"]
        replyCode = row["replyCode"]
    }
}
