import Foundation

/// Outcomes a send run could not record in the queue (the disk full, the write lock held past
/// the busy timeout, a sync that failed), kept in a small append-only file beside it,
/// `outreach.sqlite.unrecorded`, until the next run records them: a letter the server accepted
/// becomes `sent` there, rather than `unknown` (and then perhaps resent).
///
/// A run makes the file before its first letter goes, `reserve` bytes of blank lines written
/// and synced, and writes outcomes over them: so the file can still take them when the disk
/// has filled meanwhile (overwriting a file's own blocks needs no free space). Each outcome is
/// one line of tab-separated fields ending in a checksum, written and synced (`fdatasync`)
/// before the run reports it; a line torn by a crash while it was written fails its checksum
/// and is skipped, as are the blank lines.
final class UnrecordedOutcomes {
    /// `QUEUE.unrecorded`, beside the queue file.
    let path: String
    /// Bytes reserved on disk when a run starts: room for several hundred outcomes.
    static let reserve = 64 * 1024
    private var descriptor: Int32 = -1
    /// Where the next outcome is written; 0 while none is kept.
    private var offset = 0

    /// - Parameter database: the queue file.
    init(database: URL) {
        path = database.path + ".unrecorded"
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Makes the file anew (0600) with `reserve` bytes of blank lines, synced, its name
    /// durable. Called when a run starts, after the outcomes a dead run kept are recorded, and
    /// before any letter goes.
    /// - Throws: `FileError.cannotWrite` when it cannot be made (the disk is already full).
    func prepare() throws {
        if descriptor >= 0 { close(descriptor) }
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        offset = 0
        try write([UInt8](repeating: 0x0A, count: Self.reserve), at: 0)
        try syncFile()
        do {
            try CommitSync.syncFolder(of: path)
        } catch let error as QueueError {
            throw FileError.cannotWrite(path: path, reason: error.message)
        }
    }

    /// Writes `outcomes` after those kept so far, and syncs them.
    /// - Throws: `FileError.cannotWrite` when they could not be written and synced.
    func keep(_ outcomes: [StoredOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        if descriptor < 0 { try prepare() }
        var bytes: [UInt8] = []
        for outcome in outcomes { bytes += Self.line(outcome).utf8 }
        try write(bytes, at: offset)
        try syncFile()
        offset += bytes.count
    }

    private func write(_ bytes: [UInt8], at start: Int) throws {
        var done = 0
        while done < bytes.count {
            let written = bytes[done...].withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress, $0.count, off_t(start + done))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            done += written
        }
    }

    private func syncFile() throws {
        if let error = CommitSync.sync(descriptor) {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(error)))
        }
    }

    /// The outcomes kept, in the order they were written; torn or foreign lines are skipped.
    func read() -> [StoredOutcome] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).unicodeScalars.split(separator: "\n").compactMap {
            Self.outcome(Substring($0))
        }
    }

    /// Removes the file once its outcomes are recorded, durably, in the queue; closes it.
    func remove() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }

    /// Removes the file if no outcome was kept in it (the end of a run that recorded everything).
    func removeIfEmpty() {
        if offset == 0 { remove() }
    }

    // MARK: - Lines

    private static let version = "outcome-1"

    /// `outcome-1 TAB id TAB status ... TAB checksum`, each field escaped (`\\`, `\t`, `\n`, `\r`).
    static func line(_ outcome: StoredOutcome) -> String {
        let fields = [
            version, String(outcome.letterId), outcome.status.rawValue, String(outcome.attempts), outcome.lastReply,
            outcome.nextAttemptAt ?? "", outcome.sentAt ?? "", outcome.updatedAt, outcome.kind.rawValue,
            outcome.detail, outcome.replyCode.map(String.init) ?? "", outcome.at,
        ]
        let text = fields.map(escape).joined(separator: "\t")
        return text + "\t" + checksum(text) + "\n"
    }

    /// The outcome a line holds, or nil when it is torn, altered or of another version.
    static func outcome(_ line: Substring) -> StoredOutcome? {
        // By scalars: a tab followed by a combining mark is one Swift character.
        let scalars = line.unicodeScalars
        guard let tab = scalars.lastIndex(of: "\t"),
            checksum(Substring(scalars[..<tab])) == Substring(scalars[scalars.index(after: tab)...])
        else { return nil }
        let fields = scalars[..<tab].split(separator: "\t", omittingEmptySubsequences: false).map {
            unescape(Substring($0))
        }
        guard fields.count == 12, fields[0] == version, let id = Int64(fields[1]),
            let status = LetterStatus(rawValue: fields[2]), let attempts = Int(fields[3]),
            let kind = EventKind(rawValue: fields[8])
        else { return nil }
        return StoredOutcome(
            letterId: id, status: status, attempts: attempts, lastReply: fields[4],
            nextAttemptAt: fields[5].isEmpty ? nil : fields[5], sentAt: fields[6].isEmpty ? nil : fields[6],
            updatedAt: fields[7], kind: kind, detail: fields[9], replyCode: Int(fields[10]), at: fields[11])
    }

    /// FNV-1a, 64 bits, as 16 hex digits.
    private static func checksum<Text: StringProtocol>(_ text: Text) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// By scalars, not characters: Swift reads CR LF as one character.
    private static func escape(_ text: String) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard text.unicodeScalars.contains(where: special) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": escaped.append(contentsOf: "\\t".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    private static func unescape(_ text: Substring) -> String {
        guard text.unicodeScalars.contains("\\") else { return String(text) }
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
