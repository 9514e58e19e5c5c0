import Foundation

/// Reads a file a person gives `outreach` (a template, a note, the profile, an edited letter),
/// within a size and a line-length bound: a device such as `/dev/zero`, a folder or a socket
/// is refused before a byte is read, and at most one byte past the bound is ever read.
public enum InputFile {
    /// The bytes of the regular file at `path`, at most `limit` of them.
    /// - Parameters:
    ///   - path: the file.
    ///   - what: what the file is, for errors ("the template", "the note").
    ///   - limit: the most bytes accepted.
    ///   - allowsPipe: also read a named pipe (`--note-file <(...)`), within the same bound.
    /// - Returns: the file's bytes.
    /// - Throws: `InputError.cannotRead` when it is missing or unreadable; `.notAFile` for a
    ///   folder, a device or a socket; `.fileTooLarge` past `limit`.
    public static func data(atPath path: String, what: String, limit: Int, allowsPipe: Bool = false) throws -> Data {
        try checkKind(path: path, allowsPipe: allowsPipe)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // Checked again on what was opened: the path may have changed in between.
        var info = stat()
        guard fstat(descriptor, &info) == 0, isAccepted(info.st_mode, allowsPipe: allowsPipe) else {
            throw InputError.notAFile(path: path, kind: kind(of: info.st_mode))
        }
        return try read(descriptor, name: path, what: what, limit: limit)
    }

    /// The bytes on an open descriptor (standard input for `--note-file -`), at most `limit`.
    /// - Parameters:
    ///   - descriptor: the descriptor, read to its end (it is not closed).
    ///   - name: how errors name it ("standard input").
    ///   - what: what it is, for errors.
    ///   - limit: the most bytes accepted.
    /// - Returns: the bytes read.
    /// - Throws: `InputError.fileTooLarge` past `limit`; `.cannotRead` on a read error.
    public static func read(_ descriptor: Int32, name: String, what: String, limit: Int) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let room = min(buffer.count, limit + 1 - data.count)
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, room) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError.cannotRead(path: name, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { throw InputError.fileTooLarge(path: name, what: what, limit: limit) }
        }
    }

    /// The UTF-8 text of the file at `path`, checked: at most `limit` bytes, every line at most
    /// `InputLimits.lineBytes`. A UTF-8 byte-order mark is dropped; CRLF stays as it is.
    /// - Parameters:
    ///   - path: the file.
    ///   - what: what the file is, for errors.
    ///   - limit: the most bytes accepted.
    ///   - allowsPipe: also read a named pipe.
    /// - Returns: the text.
    /// - Throws: as `data(atPath:what:limit:allowsPipe:)`; `InputError.notUTF8` naming the
    ///   line; `.lineTooLong` naming the line.
    public static func text(atPath path: String, what: String, limit: Int, allowsPipe: Bool = false) throws -> String {
        try decode(try data(atPath: path, what: what, limit: limit, allowsPipe: allowsPipe), name: path, what: what)
    }

    /// Checks and decodes bytes read from `name`: UTF-8, every line at most
    /// `InputLimits.lineBytes`; a UTF-8 byte-order mark is dropped.
    /// - Parameters:
    ///   - data: the bytes.
    ///   - name: the file, for errors.
    ///   - what: what it is, for errors.
    /// - Returns: the text.
    /// - Throws: `InputError.notUTF8` or `.lineTooLong`, naming the line.
    public static func decode(_ data: Data, name: String, what: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try checkLineLengths(bytes, name: name)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            var index = 0
            while index < bytes.count {
                let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
                if String(validating: bytes[index..<end], as: UTF8.self) == nil { break }
                line += 1
                index = end + 1
            }
            throw InputError.notUTF8(
                location: SourceLocation(file: name, line: line), detail: "\(what) is not UTF-8 text")
        }
        return text
    }

    /// Refuses a line longer than `limit` bytes.
    /// - Parameters:
    ///   - bytes: the text's bytes.
    ///   - name: the file, for the error.
    ///   - limit: the longest line accepted, in bytes, without its line break.
    /// - Throws: `InputError.lineTooLong` naming the first such line.
    static func checkLineLengths<Bytes: Collection<UInt8>>(
        _ bytes: Bytes, name: String, limit: Int = InputLimits.lineBytes
    ) throws {
        var line = 1
        var length = 0
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                length = 0
                continue
            }
            length += 1
            if length > limit {
                throw InputError.lineTooLong(location: SourceLocation(file: name, line: line), limit: limit)
            }
        }
    }

    /// Refuses anything at `path` but a regular file (or a named pipe when `allowsPipe`),
    /// without opening it: opening a pipe would wait for a writer.
    /// - Parameters:
    ///   - path: the path, symbolic links followed.
    ///   - allowsPipe: accept a named pipe.
    /// - Throws: `InputError.cannotRead` when nothing is there; `.notAFile` otherwise.
    public static func checkKind(path: String, allowsPipe: Bool = false) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        guard isAccepted(info.st_mode, allowsPipe: allowsPipe) else {
            throw InputError.notAFile(path: path, kind: kind(of: info.st_mode))
        }
    }

    private static func isAccepted(_ mode: mode_t, allowsPipe: Bool) -> Bool {
        let type = mode & S_IFMT
        return type == S_IFREG || (allowsPipe && type == S_IFIFO)
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }
}
