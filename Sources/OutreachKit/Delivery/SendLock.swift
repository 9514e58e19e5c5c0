import Foundation

/// An exclusive lock beside the queue, held for a whole `send` run, so two runs never work on
/// the same queue at once.
public final class SendLock {
    private let lock: FileLock
    public let path: String

    /// Takes the lock without waiting.
    /// - Throws: `DeliveryError.anotherSendRunning` when another process holds it;
    ///   `FileError.cannotWrite` when the lock file cannot be made.
    public init(database: URL) throws {
        path = database.path + ".send-lock"
        guard let lock = try FileLock(path: path, wait: false) else {
            throw DeliveryError.anotherSendRunning(lock: path)
        }
        self.lock = lock
    }
}
