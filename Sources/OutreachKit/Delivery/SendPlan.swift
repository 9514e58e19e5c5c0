/// The letters a run will send, in order, and what it leaves.
public struct SendPlan: Sendable {
    /// Letters to send now, oldest first.
    public var letters: [Letter]
    /// Letters that would be due but are over the daily cap.
    public var heldByCap: Int
    /// Messages sent in the last 24 hours.
    public var sentInLastDay: Int
    /// Drafted letters for other channels: web form and post.
    public var waitingForWebForm: Int
    public var waitingForPost: Int
    /// Requested ids that cannot be sent now, with why.
    public var skipped: [(id: Int64, reason: SkipReason)]
    /// Deferred letters whose next attempt is later, and the earliest such time (ISO 8601 UTC).
    public var deferredNotDue = 0
    public var nextAttemptAt: String?
}
