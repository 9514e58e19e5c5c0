import Foundation

/// An exclusive `flock` on a file, released when the value is (or when the process ends, even
/// by SIGKILL).
final class FileLock {
    private let descriptor: Int32

    /// Takes the lock on `path` (created 0600 if missing).
    /// - Parameters:
    ///   - path: the lock file.
    ///   - wait: wait for another holder to let go; when false, return nil instead.
    /// - Throws: `FileError.cannotWrite` when the lock file cannot be opened.
    init?(path: String, wait: Bool) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
