/// A file or folder `outreach` writes could not be written: the profile, the queue and its
/// locks, recipient lists, the ZIP table, a PDF.
public enum FileError: OutreachError, Equatable {
    /// The file or folder at `path` could not be written or made, for `reason`.
    case cannotWrite(path: String, reason: String)

    public var message: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotWrite: return "check that the folder exists and is writable, and that the disk has space"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .cannotWrite: return ExitStatus.cannotCreate
        }
    }
}
