import Foundation

/// An exclusive lock beside the queue, held for a whole `send` run, so two runs never work on
/// the same queue at once. The kernel releases it when the process ends, even by SIGKILL.
public final class SendLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock without waiting.
    /// - Throws: `DeliveryError.anotherSendRunning` when another process holds it;
    ///   `InputError.cannotWrite` when the lock file cannot be made.
    public init(database: URL) throws {
        path = database.path + ".send-lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw InputError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DeliveryError.anotherSendRunning(lock: path)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
