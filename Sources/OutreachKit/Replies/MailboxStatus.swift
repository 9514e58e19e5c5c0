/// What `EXAMINE` says about a mailbox (RFC 3501 §6.3.2).
public struct MailboxStatus: Sendable, Equatable {
    /// Changes when the server renumbered the mailbox: UIDs seen before mean nothing then.
    public var uidValidity: Int
    /// The UID the next message will get (0 when the server did not say).
    public var uidNext: Int
    /// Messages in the mailbox.
    public var exists: Int
}
