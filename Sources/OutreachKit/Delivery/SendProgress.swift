/// One message's result, for progress output.
public struct SendProgress: Sendable {
    public var index: Int
    public var total: Int
    public var letter: Letter
    public var outcome: DeliveryOutcome
    public var summary: SendSummary
    /// Seconds since the run started.
    public var elapsed: Double
    /// True when more reports follow at once (outcomes that went to disk together): a line's
    /// output may wait for the last of them.
    public var more = false
}
