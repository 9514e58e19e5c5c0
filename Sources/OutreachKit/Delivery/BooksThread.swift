import Foundation
import Synchronization

/// Writes a fast send run's batches (`SendJournal`) on a thread of its own: the outcomes
/// waiting and the claims ahead, one transaction, while the sending thread goes on with the
/// letters already claimed.
///
/// Storing a batch of 32 outcomes and claiming 32 letters is about a fifth of the instructions a
/// fast run spends per message (callgrind). On the sending thread that work lies on the path of
/// the SMTP dialogue, which the server waits for; here it runs on the other core.
///
/// One batch at a time: `start` is called only when `isIdle`. The batch's thread uses the books
/// (`SendBooks`) from `start` until it is idle again; the sending thread uses them only once it
/// has seen it idle (`isIdle` or `waitUntilIdle()`), which orders every use of the books'
/// connection and of what the batch wrote before it.
final class BooksThread: @unchecked Sendable {
    /// Guards `batch` and `stopping`; signalled when a batch comes, ends, or the thread is to stop.
    private let condition = NSCondition()
    private var batch: (() -> Void)?
    private var stopping = false
    /// False from `start` until the batch has ended, readable without the lock: the sending
    /// thread asks at every letter.
    private let idle = Atomic<Bool>(true)

    /// Starts the thread, which waits for batches.
    init() {
        let thread = Thread { [self] in writeBatches() }
        thread.name = "outreach books"
        thread.start()
    }

    /// True when no batch is under way: what the last one wrote, and how it ended, can be read.
    var isIdle: Bool { idle.load(ordering: .acquiring) }

    /// Runs `batch` on the thread. Call only when `isIdle`.
    func start(_ batch: @escaping () -> Void) {
        condition.lock()
        self.batch = batch
        idle.store(false, ordering: .relaxed)
        condition.signal()
        condition.unlock()
    }

    /// Waits until the batch under way, if any, has ended.
    func waitUntilIdle() {
        guard !isIdle else { return }
        condition.lock()
        while !idle.load(ordering: .acquiring) { condition.wait() }
        condition.unlock()
    }

    /// Ends the thread once the batch under way, if any, has ended. Call once, last.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func writeBatches() {
        condition.lock()
        while true {
            while batch == nil && !stopping { condition.wait() }
            guard var next = batch else { break }
            batch = nil
            condition.unlock()
            next()
            // Whatever the batch holds goes before it is seen to end (here, not under the lock).
            next = {}
            condition.lock()
            idle.store(true, ordering: .releasing)
            condition.broadcast()
        }
        condition.unlock()
    }
}
