import Foundation
import Synchronization

/// Makes a send run's commits durable on a thread of its own, so that the sending thread waits
/// for the disk only when a rule needs it to.
///
/// During `send` the queue commits with `synchronous = NORMAL`: a commit is appended to the
/// write-ahead log (the `-wal` file beside the queue) and is safe from a crash of the process,
/// but not yet from a power loss. SQLite appends commits in order, so one `fdatasync` of the
/// log makes every commit appended before it began durable. The sending thread asks
/// `isDurable(_:)`, or waits (`waitUntilDurable(_:)`), where a rule needs a commit on disk:
/// before a letter's content goes (its claim), and before an outcome is reported.
///
/// This thread syncs at once when the sending thread waits, and otherwise at most once per
/// `batchInterval` while commits come: an fsync costs the system tens of microseconds of CPU
/// (and 0.3 to 5 ms of waiting on the machines measured), a commit a few, so syncing after
/// every commit would cost a fast run as much CPU as its messages. Claims made ahead of time
/// (`ClaimWindow`) are on disk before their letters' turn all the same.
final class CommitSync: @unchecked Sendable {
    /// Guards every variable below; signalled when a sync ends or a commit comes.
    private let condition = NSCondition()
    /// Commits made so far (counted from 1).
    private var made: UInt64 = 0
    /// Commits known to be on disk.
    private var synced: UInt64 = 0
    /// `synced`, readable without the lock: the sending thread asks several times a message.
    private let syncedCount = Atomic<UInt64>(0)
    /// Why the last sync failed (the reason from `errno`); no sync is tried after one failed.
    private var failure: String?
    private var finishing = false
    private var running = true
    /// True while the thread waits for a commit: only then does a commit signal it.
    private var idle = false
    /// Threads waiting for a commit to be on disk: the next sync starts at once.
    private var waiters = 0
    /// When the last sync began.
    private var lastSync = Date.distantPast
    /// Seconds between two syncs that nobody waits for.
    static let batchInterval = 0.005
    private let descriptor: Int32
    private let path: String
    private let onSync: @Sendable () -> Void

    /// Opens `file` and starts the thread.
    /// - Parameters:
    ///   - file: the file to sync: the queue's `-wal` file, or the queue itself when it does not
    ///     use a write-ahead log (then SQLite syncs at each commit, and this costs little).
    ///   - onSync: called on the syncing thread after each sync, to wake the sending thread.
    /// - Throws: `QueueError.notDurable` when the file cannot be opened.
    init(file: String, onSync: @escaping @Sendable () -> Void) throws {
        descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw QueueError.notDurable(path: file, reason: String(cString: strerror(errno))) }
        path = file
        self.onSync = onSync
        let thread = Thread { [self] in syncWhileCommitsCome() }
        thread.name = "outreach commit sync"
        thread.start()
    }

    deinit {
        close(descriptor)
    }

    /// Counts one more commit (already appended to the file) and returns its number.
    func committed() -> UInt64 {
        condition.lock()
        made += 1
        let number = made
        if idle { condition.broadcast() }
        condition.unlock()
        return number
    }

    /// True once commit `number` is on disk.
    func isDurable(_ number: UInt64) -> Bool {
        syncedCount.load(ordering: .acquiring) >= number
    }

    /// Waits until commit `number` is on disk.
    /// - Throws: `QueueError.notDurable` when a sync failed first.
    func waitUntilDurable(_ number: UInt64) throws {
        condition.lock()
        if synced < number && failure == nil {
            waiters += 1
            condition.broadcast()
            while synced < number && failure == nil { condition.wait() }
            waiters -= 1
        }
        let failed = synced < number ? failure : nil
        condition.unlock()
        if let failed { throw QueueError.notDurable(path: path, reason: failed) }
    }

    /// Syncs the commits not yet on disk, then ends the thread. Call once, when the run ends.
    /// - Throws: `QueueError.notDurable` when a sync failed.
    func finish() throws {
        condition.lock()
        finishing = true
        condition.broadcast()
        while running { condition.wait() }
        let failed = synced < made ? failure : nil
        condition.unlock()
        if let failed { throw QueueError.notDurable(path: path, reason: failed) }
    }

    private func syncWhileCommitsCome() {
        condition.lock()
        while true {
            while made == synced && !finishing {
                idle = true
                condition.wait()
                idle = false
            }
            if made == synced { break }
            // Nobody waits: let commits gather for a while, one sync for them all.
            let due = lastSync.addingTimeInterval(Self.batchInterval)
            while waiters == 0 && !finishing && Date() < due {
                _ = condition.wait(until: due)
            }
            lastSync = Date()
            let target = made
            condition.unlock()
            let error = Self.sync(descriptor)
            condition.lock()
            if let error {
                failure = String(cString: strerror(error))
                condition.broadcast()
                break
            }
            synced = target
            syncedCount.store(target, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            onSync()
            condition.lock()
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// Syncs the file's data (and the size it needs to be read back): nil, or the `errno`.
    static func sync(_ descriptor: Int32) -> Int32? {
        while true {
            #if os(Linux)
            let result = fdatasync(descriptor)
            #else
            let result = fsync(descriptor)
            #endif
            if result == 0 { return nil }
            if errno != EINTR { return errno }
        }
    }

    /// Syncs the folder holding `file`, so that the file's name is on disk (a new file's
    /// entry is not made durable by syncing the file itself).
    /// - Throws: `QueueError.notDurable`.
    static func syncFolder(of file: String) throws {
        let folder = (file as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw QueueError.notDurable(path: folder, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // fsync, not fdatasync: a folder's entries are what is synced.
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw QueueError.notDurable(path: folder, reason: String(cString: strerror(errno))) }
        }
    }
}
