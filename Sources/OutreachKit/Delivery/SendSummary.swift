/// How a run went.
public struct SendSummary: Sendable, Codable {
    public var sent = 0
    public var deferred = 0
    public var failed = 0
    public var unknown = 0
    /// Letters a dead run had left `sending`, now `unknown`.
    public var recovered: [Int64] = []
    /// True when Ctrl-C stopped the run early.
    public var interrupted = false
    /// Why the run stopped before the end when the server's answer would have been the same
    /// for every letter left (the sender refused, the connection lost after DATA).
    public var stopped: String?

    public init() {}
}
