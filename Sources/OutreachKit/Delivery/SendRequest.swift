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

    public init(
        ids: [Int64] = [], limit: Int? = nil, rate: Double, dailyCap: Int, retryFailed: Bool = false,
        retryUnknown: Bool = false
    ) {
        self.ids = ids
        self.limit = limit
        self.rate = rate
        self.dailyCap = dailyCap
        self.retryFailed = retryFailed
        self.retryUnknown = retryUnknown
    }

    /// The letters a run takes from `due` (oldest first): at most `limit`, then at most what the
    /// daily cap leaves after the `sentInLastDay` messages of the last 24 hours.
    /// - Returns: the letters, and how many more the cap holds back.
    func take(_ due: [Letter], sentInLastDay: Int) -> (letters: [Letter], heldByCap: Int) {
        var letters = due
        if let limit { letters = Array(letters.prefix(limit)) }
        guard dailyCap > 0 else { return (letters, 0) }
        let room = max(0, dailyCap - sentInLastDay)
        return (Array(letters.prefix(room)), max(0, letters.count - room))
    }

    /// The statuses sent without waiting: drafted, and failed or unknown when asked. (Deferred
    /// letters go when they are due.)
    var statuses: [LetterStatus] {
        [.drafted] + (retryFailed ? [.failed] : []) + (retryUnknown ? [.unknown] : [])
    }
}
