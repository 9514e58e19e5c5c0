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
    /// The 421 replies the server closed a connection with, each followed by a new connection
    /// and the same letter handed over again.
    public var closings: [String] = []
    /// Connections opened during the run.
    public var connections = 0

    public init() {}

    /// Counts a hand-over by the status it gave the letter (a `not-sent` one is not counted).
    mutating func count(_ record: DeliveryRecord) {
        switch record.kind {
        case .sent: sent += 1
        case .deferred: deferred += 1
        case .failed: failed += 1
        case .unknown: unknown += 1
        default: break
        }
    }

    /// The status `outreach send` exits with after the run (the README lists them): 1 when a
    /// letter failed or may have arrived, else 75 (EX_TEMPFAIL) when one was deferred, else
    /// 130 when Ctrl-C stopped it, else 0.
    public var exitStatus: Int32 {
        if failed + unknown > 0 { return 1 }
        if deferred > 0 { return ExitStatus.temporaryFailure }
        if interrupted { return 130 }
        return 0
    }
}
