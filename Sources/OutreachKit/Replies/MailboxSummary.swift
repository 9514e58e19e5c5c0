/// What `outreach replies` found in one mailbox.
public struct MailboxSummary: Sendable, Codable, Equatable {
    public var mailbox: String
    /// New messages whose header was read.
    public var read = 0
    /// Records stored now, by kind.
    public var replied = 0
    public var autoReplied = 0
    public var bounced = 0
    public var delayed = 0
    /// Delivery reports saying a message was delivered or relayed: nothing to record.
    public var deliveredReports = 0
    /// Messages that belong to no letter.
    public var unrelated = 0
    /// Messages that could not be read (each named on a line of its own).
    public var skipped = 0
    /// Records read again that were stored before (a mailbox read anew after its UIDVALIDITY
    /// changed).
    public var alreadyRecorded = 0
    /// True when the server's UIDVALIDITY changed since the last run, so the whole mailbox was read.
    public var rescanned = false

    public init(mailbox: String) {
        self.mailbox = mailbox
    }
}
