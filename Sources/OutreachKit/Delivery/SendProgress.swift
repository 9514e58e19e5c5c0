/// One message's result, for progress output.
public struct SendProgress: Sendable {
    public var index: Int
    public var total: Int
    public var letter: Letter
    public var outcome: DeliveryOutcome
    public var summary: SendSummary
    /// Seconds since the run started.
    public var elapsed: Double
}
