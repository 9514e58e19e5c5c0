/// Work a transfer does while it waits for the server's replies, so that it costs little time
/// of its own, and the message content, given only when it is due.
public struct WaitingWork {
    /// Done one per wait, in order; all are done by the end of the transfer.
    public var steps: [() -> Void]
    /// How many of the first steps must be done before the message content goes.
    public var neededBeforeContent: Int
    /// Asked once those are done, after the server accepted DATA: the RFC 5322 message (CRLF
    /// line ends, not dot-stuffed), or nil to abort the transfer with nothing of it sent.
    public var content: () -> [UInt8]?

    public init(steps: [() -> Void] = [], neededBeforeContent: Int = 0, content: @escaping () -> [UInt8]?) {
        self.steps = steps
        self.neededBeforeContent = neededBeforeContent
        self.content = content
    }
}
