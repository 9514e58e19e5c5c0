import GRDB

/// What the server said to one envelope recipient (its RCPT) the last time the letter went.
/// Raw values are stored in `envelopeRecipient.state`.
public enum RecipientState: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    /// Not yet handed over, or its last hand-over did not reach the content.
    case pending
    /// The server took the message for it (2xx to RCPT, then 2xx after the content): it is never
    /// sent to again.
    case accepted
    /// A 4xx to its RCPT: a retry of the letter goes to it.
    case deferred
    /// A 5xx to its RCPT.
    case refused
    /// Its RCPT was accepted and the connection was lost after DATA: it may have arrived.
    case unknown
}
