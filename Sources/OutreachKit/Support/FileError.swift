/// A file or folder `outreach` writes could not be written: the profile, the queue and its
/// locks, recipient lists, the ZIP table, a PDF; or the folder they go in is not private.
public enum FileError: OutreachError, Equatable {
    /// The file or folder at `path` could not be written or made, for `reason`.
    case cannotWrite(path: String, reason: String)
    /// A file that `outreach` writes anew (a PDF) exists, and `--force` was not given.
    case exists(path: String)
    /// The home folder (or an XDG `outreach` folder) at `path` lets group or others in: `mode`
    /// is its permission bits in octal (`755`).
    case notPrivate(path: String, mode: String)

    public var message: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .exists(let path): return "\(path) exists already"
        case .notPrivate(let path, let mode):
            return
                "\(path) can be read by other users (mode \(mode)); outreach keeps your address, your letters and their log there"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotWrite: return "check that the folder exists and is writable, and that the disk has space"
        case .exists: return "pass --force to replace it, or name another file with -o FILE"
        case .notPrivate(let path, _):
            return "make it yours alone: chmod 700 '\(path)' (a folder outreach makes is 0700 already)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .cannotWrite, .exists: return ExitStatus.cannotCreate
        case .notPrivate: return ExitStatus.configuration
        }
    }
}
