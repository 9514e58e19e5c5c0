import Foundation

/// Creates folders 0700 and files 0600: they hold a person's name and address.
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

    /// Writes `data` to `file` atomically with mode 0600, creating the folder (0700) first.
    /// - Throws: `FileError.cannotWrite` when the file cannot be written.
    public static func write(_ data: Data, to file: URL) throws {
        try makeFolder(file.deletingLastPathComponent())
        let temporary = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        // Create the file 0600 before any byte is written, so the data is never world-readable.
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw FileError.cannotWrite(path: file.path, reason: "cannot create \(temporary.path)")
        }
        do {
            try data.write(to: temporary)
            if rename(temporary.path, file.path) != 0 {
                throw FileError.cannotWrite(path: file.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as FileError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError.cannotWrite(path: file.path, reason: error.localizedDescription)
        }
    }
}
