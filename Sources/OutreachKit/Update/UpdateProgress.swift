/// Where an update is, for a progress line.
public struct UpdateProgress: Sendable {
    /// The URL or file being read.
    public var url: String
    /// `downloading`, `unpacking`, `checking`.
    public var phase: String
    /// Bytes received so far.
    public var bytes: Int64
    /// The size the server announced, when it did.
    public var total: Int64?
}
