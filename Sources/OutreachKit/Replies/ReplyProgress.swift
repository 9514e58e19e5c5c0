/// Progress through one mailbox's new messages.
public struct ReplyProgress: Sendable {
    public var mailbox: String
    /// Messages read so far, of `total` new ones.
    public var done: Int
    public var total: Int
}
