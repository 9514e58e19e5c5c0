/// Where an update is, for a progress line.
public struct UpdateProgress: Sendable {
    /// The URL or file being read.
    public var url: String
    /// What the update is doing with it.
    public var phase: Phase
    /// Bytes received so far.
    public var bytes: Int64
    /// The size the server announced, when it did.
    public var total: Int64?

    /// A step of one source's update, named as the progress line shows it.
    public enum Phase: String, Sendable {
        case downloading, unpacking, checking
    }
}
