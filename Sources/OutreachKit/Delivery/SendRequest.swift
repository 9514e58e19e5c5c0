/// What `outreach send` is asked to do.
public struct SendRequest: Sendable {
    /// Only these letters (in this order of ids); all due letters when empty.
    public var ids: [Int64] = []
    /// At most this many messages.
    public var limit: Int?
    /// Messages per minute; 0 means no pacing.
    public var rate: Double
    /// Messages in any 24 hours, counted from the sent log; 0 means no cap.
    public var dailyCap: Int
    /// Also send letters whose last attempt failed (5xx).
    public var retryFailed = false
    /// Also send letters a dead run left uncertain.
    public var retryUnknown = false

    public init(ids: [Int64] = [], limit: Int? = nil, rate: Double, dailyCap: Int, retryFailed: Bool = false, retryUnknown: Bool = false) {
        self.ids = ids
        self.limit = limit
        self.rate = rate
        self.dailyCap = dailyCap
        self.retryFailed = retryFailed
        self.retryUnknown = retryUnknown
    }

    /// The statuses sent without waiting: drafted, and failed or unknown when asked. (Deferred
    /// letters go when they are due.)
    var statuses: [LetterStatus] {
        [.drafted] + (retryFailed ? [.failed] : []) + (retryUnknown ? [.unknown] : [])
    }
}
