import GRDB

/// Where a letter is in its life. Raw values are stored in `letter.status`.
public enum LetterStatus: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    case drafted, sending, sent, deferred, failed, unknown, discarded
    case deliveredByHand = "delivered-by-hand"

    /// Not yet delivered, and not given up: a letter in one of these can be sent (claimed by
    /// `send`), discarded, or marked delivered by hand. The one definition, for Swift and SQL.
    public static let open: [LetterStatus] = [.drafted, .deferred, .failed, .unknown]
}
