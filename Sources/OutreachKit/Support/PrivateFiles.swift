import Foundation

/// Creates folders 0700 and files 0600: they hold a person's name and address.
///
/// Temporary files and folders get names no one can guess and are created exclusively
/// (mkstemp(3), mkdtemp(3)), so that another user can neither create them first nor replace
/// them while they are in use.
public enum PrivateFiles {
    /// Creates `folder` and its missing parents with mode 0700.
    /// - Throws: `FileError.cannotWrite` when the folder cannot be made.
    public static func makeFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FileError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `file` atomically with mode 0600, creating the folder (0700) first: the
    /// bytes go to a new temporary file beside it (mkstemp), which is then renamed over it.
    /// - Throws: `FileError.cannotWrite` when the file cannot be written.
    public static func write(_ data: Data, to file: URL) throws {
        try makeFolder(file.deletingLastPathComponent())
        let (temporary, descriptor) = try makeTemporaryFile(beside: file)
        var written = 0
        let failure: String? = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Foundation.write(
                    descriptor, buffer.baseAddress?.advanced(by: written), buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += count
            }
            return fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        }
        close(descriptor)
        if let failure {
            unlink(temporary.path)
            throw FileError.cannotWrite(path: file.path, reason: failure)
        }
        if rename(temporary.path, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FileError.cannotWrite(path: file.path, reason: reason)
        }
    }

    /// Creates a new, empty file beside `file`, named `.NAME.XXXXXX` with six random
    /// characters, mode 0600, opened exclusively (mkstemp(3)).
    /// - Parameter file: the file the temporary one will replace (by rename(2), which needs
    ///   both on one file system).
    /// - Returns: the new file and its open descriptor (read and write; close it).
    /// - Throws: `FileError.cannotWrite` when it cannot be created.
    public static func makeTemporaryFile(beside file: URL) throws -> (URL, Int32) {
        let pattern = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).XXXXXX").path
        var template = Array(pattern.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            throw FileError.cannotWrite(path: file.path, reason: String(cString: strerror(errno)))
        }
        // mkstemp makes the file 0600 whatever the umask; said again for the record.
        fchmod(descriptor, 0o600)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (URL(fileURLWithPath: String(cString: template)), descriptor)
    }

    /// Creates a new folder in `parent` (made 0700 first when missing), named `PREFIX-XXXXXX`
    /// with six random characters, mode 0700 (mkdtemp(3)).
    /// - Parameters:
    ///   - parent: where to make it: one of the person's own folders.
    ///   - prefix: the start of its name.
    /// - Returns: the new folder.
    /// - Throws: `FileError.cannotWrite` when it cannot be made.
    public static func makeTemporaryFolder(in parent: URL, prefix: String) throws -> URL {
        try makeFolder(parent)
        var template = Array(parent.appendingPathComponent("\(prefix)-XXXXXX").path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw FileError.cannotWrite(path: parent.path, reason: String(cString: strerror(errno)))
        }
        return URL(fileURLWithPath: String(cString: template), isDirectory: true)
    }

    /// Puts a finished temporary file (from `makeTemporaryFile(beside:)`) in place as `path`.
    /// Without `replacing`, an existing file is never replaced, even one made meanwhile: the
    /// temporary file is hard-linked as `path` (link(2) fails when it exists), then removed.
    /// - Parameters:
    ///   - temporary: the finished file; it is gone afterwards, whatever happens.
    ///   - path: where it goes.
    ///   - replacing: true to replace a file at `path` (rename(2)).
    /// - Throws: `FileError.exists` when `path` exists and `replacing` is false;
    ///   `FileError.cannotWrite` when it cannot be put there.
    public static func place(_ temporary: URL, at path: String, replacing: Bool) throws {
        func renamed() throws {
            guard rename(temporary.path, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw FileError.cannotWrite(path: path, reason: reason)
            }
        }
        if replacing { return try renamed() }
        if link(temporary.path, path) == 0 {
            unlink(temporary.path)
            return
        }
        let failure = errno
        // A file system without hard links (FAT, some network mounts): checked, then renamed.
        if failure == EPERM || failure == EOPNOTSUPP || failure == ENOSYS {
            try refuseExisting(path, replacing: false)
            return try renamed()
        }
        unlink(temporary.path)
        if failure == EEXIST { throw FileError.exists(path: path) }
        throw FileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
    }

    /// Refuses early (before any work) to replace a file at `path` unless `replacing`.
    /// - Throws: `FileError.exists`.
    public static func refuseExisting(_ path: String, replacing: Bool) throws {
        var info = stat()
        if !replacing && lstat(path, &info) == 0 { throw FileError.exists(path: path) }
    }
}
