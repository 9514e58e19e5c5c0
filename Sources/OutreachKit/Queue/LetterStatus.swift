import GRDB

/// Where a letter is in its life. Raw values are stored in `letter.status`.
public enum LetterStatus: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    case drafted, sending, sent, deferred, failed, unknown, discarded
    case deliveredByHand = "delivered-by-hand"
    /// A person at the office answered (`outreach replies`).
    case replied
    /// A delivery report said it could not be delivered to the office (`outreach replies`).
    case bounced

    /// Not yet delivered, and not given up: a letter in one of these can be sent (claimed by
    /// `send`), discarded, or marked delivered by hand. The one definition, for Swift and SQL.
    /// `replied` and `bounced` are not open: the server took those letters; a bounced one is
    /// drafted anew (`draft --again`) once its address is fixed.
    public static let open: [LetterStatus] = [.drafted, .deferred, .failed, .unknown]

    /// The statuses a reply from the office turns into `replied` (`outreach replies`): every
    /// letter the server may have taken (a reply settles a deferred, failed or unknown one, and
    /// overrules a bounce).
    static let answerable: [LetterStatus] = [.sent, .unknown, .bounced, .deferred, .failed]
    /// The statuses a permanent bounce for the office's address turns into `bounced`.
    static let bounceable: [LetterStatus] = [.sent, .unknown]
}
