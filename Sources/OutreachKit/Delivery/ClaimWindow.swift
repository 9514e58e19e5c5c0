/// Which letters of a run are claimed (a `sendClaim` row, made durable before any of them can
/// go) and which claims to add or drop with the next letter's hand-over.
///
/// A letter's content waits until its claim is on disk, so that after a power loss the next run
/// knows every letter that may have gone. One fsync per letter would cap an unpaced run near
/// 270 letters a second on a disk that takes 3.5 ms to sync, so a fast run claims letters ahead
/// of their hand-over, in groups, and the fsync that makes a group durable runs while the
/// letters before it are sent (`CommitSync`). How far ahead grows only when a letter's content
/// had to wait for its claim (1, 2, 4, ... letters), and never past `limit`: at every commit,
/// at most `limit` letters are claimed without a recorded outcome, which bounds the letters a
/// power loss can leave uncertain. A run paced slower than `pipelinedInterval` claims each letter
/// alone, at its hand-over: the fsync costs it nothing, and at most one letter is uncertain.
///
/// Letters are counted by their index in the plan. Claims are dropped in the transaction that
/// stores the outcome they were waiting for (or later), in batches, when claims are added.
struct ClaimWindow: Equatable {
    /// At most this many letters are claimed and not yet recorded, at any commit.
    static let limit = 100
    /// Claims are added this many at a time, at least, once a run claims ahead: as many as the
    /// outcomes of a batch (`SendJournal.batchSize`), which go to the queue in the same
    /// transaction.
    static let batch = 32
    /// Runs paced at longer intervals than this (seconds between messages) claim one letter at
    /// a time: 0.1 s is 600 messages a minute, far above any provider's limit.
    static let pipelinedInterval = 0.1

    /// The letters added and dropped by one transaction, as ranges of plan indexes.
    struct Change: Equatable {
        var claim: Range<Int>
        var release: Range<Int>
    }

    /// Letters in the plan.
    let total: Int
    /// True when letters are claimed ahead of their hand-over.
    let pipelined: Bool
    /// Plan indexes below this are claimed (committed).
    private(set) var claimedThrough = 0
    /// Plan indexes below this have had their claim dropped (committed).
    private(set) var releasedThrough = 0
    /// Letters to keep claimed beyond the one being handed over.
    private(set) var ahead = 0
    /// For each group of claims, the first index past it and the commit that made it.
    private var groups: [(end: Int, commit: UInt64)] = []
    /// Groups before this one are of letters already handed over.
    private var firstGroup = 0

    /// - Parameters:
    ///   - total: letters in the plan.
    ///   - interval: seconds between two messages (0: not paced).
    init(total: Int, interval: Double) {
        self.total = total
        pipelined = interval < Self.pipelinedInterval
    }

    static func == (left: ClaimWindow, right: ClaimWindow) -> Bool {
        (left.total, left.pipelined, left.claimedThrough, left.releasedThrough, left.ahead)
            == (right.total, right.pipelined, right.claimedThrough, right.releasedThrough, right.ahead)
    }

    /// What the transaction that hands over letter `index` adds and drops.
    /// - Parameters:
    ///   - index: the letter about to be handed over.
    ///   - finished: letters below this index have their outcome stored in this transaction or
    ///     before (or were never handed over): their claims may go.
    /// - Returns: the change; empty ranges when nothing is to be written.
    func change(handingOver index: Int, finished: Int) -> Change {
        let claimedAhead = claimedThrough - index - 1
        // Letter `index` itself must be claimed; ahead of it, claims are topped up once fewer
        // than `ahead` are left, `batch` or more at a time, so that each write of the claims
        // covers several letters.
        guard index >= claimedThrough || claimedAhead < ahead else {
            return Change(claim: claimedThrough..<claimedThrough, release: releasedThrough..<releasedThrough)
        }
        let start = max(claimedThrough, index)
        var end = max(index + 1 + ahead, ahead > 0 ? start + Self.batch : start + 1)
        end = min(end, total, finished + Self.limit)
        return Change(claim: start..<max(start, end), release: releasedThrough..<max(releasedThrough, finished))
    }

    /// The change is committed, as commit number `commit`.
    mutating func committed(_ change: Change, as commit: UInt64) {
        if !change.claim.isEmpty {
            claimedThrough = change.claim.upperBound
            groups.append((change.claim.upperBound, commit))
        }
        releasedThrough = max(releasedThrough, change.release.upperBound)
    }

    /// The commit that claimed letter `index`, or nil when it is not claimed.
    mutating func commit(claiming index: Int) -> UInt64? {
        while firstGroup < groups.count && groups[firstGroup].end <= index { firstGroup += 1 }
        if firstGroup >= 64 {
            groups.removeFirst(firstGroup)
            firstGroup = 0
        }
        return firstGroup < groups.count ? groups[firstGroup].commit : nil
    }

    /// A letter's content had to wait for its claim's fsync: claim further ahead.
    mutating func waited() {
        guard pipelined else { return }
        ahead = min(max(1, ahead * 2), Self.limit - Self.batch - 2)
    }
}
