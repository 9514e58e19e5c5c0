import GRDB

/// One entry of a letter's history.
public struct LetterEvent: Sendable, Codable, FetchableRecord, Equatable {
    /// ISO 8601 UTC.
    public var at: String
    /// `drafted`, `edited`, `discarded`, `sending`, `sent`, `deferred`, `failed`, `unknown`, `not-sent`, ...
    public var kind: String
    /// The server's reply, the recipient row, or a note.
    public var detail: String
    /// The server's reply code, for delivery outcomes.
    public var replyCode: Int?
}
