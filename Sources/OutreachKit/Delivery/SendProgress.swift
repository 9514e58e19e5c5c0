/// One message's result, for progress output.
///
/// A class: a report is kept from the outcome's moment until its batch is on disk, in the
/// journal's waiting outcomes and its reports, and a struct holding a whole `Letter` cost
/// about thirty reference-count operations for each of those copies, for every message.
public final class SendProgress {
    /// The message's place in the run, from 1.
    public let index: Int
    /// Messages the run plans to send.
    public let total: Int
    /// The letter as the outcome left it.
    public let letter: Letter
    public let outcome: DeliveryOutcome
    /// The run's counts, this outcome included.
    public let summary: SendSummary
    /// Seconds since the run started.
    public let elapsed: Double
    /// True when more reports follow at once (outcomes that went to disk together): a line's
    /// output may wait for the last of them. Set by the run just before the report is made.
    public internal(set) var more = false

    public init(
        index: Int, total: Int, letter: Letter, outcome: DeliveryOutcome, summary: SendSummary, elapsed: Double
    ) {
        self.index = index
        self.total = total
        self.letter = letter
        self.outcome = outcome
        self.summary = summary
        self.elapsed = elapsed
    }
}
