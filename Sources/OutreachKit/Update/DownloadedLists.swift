import Foundation

/// The recipient lists `outreach recipients update` keeps in the person's data folder
/// (`Paths.downloadedFolder`).
///
/// Each update writes a complete set of lists into a new folder `set-…/`, checks it, and then
/// points the symbolic link `current` at it with one rename(2): a reader sees the old set or
/// the new one, never a mix, and a failed or interrupted update leaves `current` as it was.
/// The set before stays until the next update, so a command that was reading it can finish.
public struct DownloadedLists: Sendable {
    /// The folder: `current`, the sets, the lock, and unfinished work (`staging-…`).
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    static let currentLink = "current"
    static let lockName = "update.lock"

    /// The set in use (the link resolved once, so one command reads one set), or nil when
    /// nothing has been downloaded.
    public func currentSet() -> URL? {
        let link = folder.appendingPathComponent(Self.currentLink)
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) else { return nil }
        let set =
            target.hasPrefix("/")
            ? URL(fileURLWithPath: target, isDirectory: true) : folder.appendingPathComponent(target, isDirectory: true)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: set.path, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        return set
    }

    /// Takes the update lock without waiting.
    /// - Throws: `UpdateError.anotherUpdateRunning` when another process holds it;
    ///   `FileError.cannotWrite` when the folder cannot be made.
    func lock() throws -> FileLock {
        try PrivateFiles.makeFolder(folder)
        let path = folder.appendingPathComponent(Self.lockName).path
        guard let lock = try FileLock(path: path, wait: false) else {
            throw UpdateError.anotherUpdateRunning(lock: path)
        }
        return lock
    }

    /// A new, empty folder for unfinished work, named after the time, with a part no one can
    /// guess (mkdtemp). Call with the lock held.
    func makeFolder(prefix: String) throws -> URL {
        let stamp = Timestamp.string(Date()).filter { $0.isNumber }
        return try PrivateFiles.makeTemporaryFolder(in: folder, prefix: "\(prefix)-\(stamp)")
    }

    /// Makes `set` the one in use: a new link renamed over `current`. Call with the lock held.
    /// - Throws: `FileError.cannotWrite`.
    func makeCurrent(_ set: URL) throws {
        let link = folder.appendingPathComponent(Self.currentLink)
        // symlink(2) creates exclusively; the name is random all the same, as for every
        // temporary file.
        let temporary = folder.appendingPathComponent(".\(Self.currentLink).\(UUID().uuidString)")
        guard symlink(set.lastPathComponent, temporary.path) == 0 else {
            throw FileError.cannotWrite(path: temporary.path, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary.path, link.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FileError.cannotWrite(path: link.path, reason: reason)
        }
    }

    /// Removes unfinished work and every set but `keep`. Call with the lock held.
    func removeAll(except keep: [URL]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let kept = Set(keep.map(\.lastPathComponent))
        for name in names where (name.hasPrefix("set-") || name.hasPrefix("staging-")) && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
