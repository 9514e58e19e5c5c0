import Foundation

/// Outcomes a send run could not record in the queue (the disk full, the write lock held past
/// the busy timeout, a sync that failed), kept in a small append-only file beside it,
/// `outreach.sqlite.unrecorded`, until the next run records them: a letter the server accepted
/// becomes `sent` there, rather than `unknown` (and then perhaps resent).
///
/// A run makes the file before its first letter goes, `reserve` bytes of blank lines written
/// and synced, and writes outcomes over them: so the file can still take them when the disk
/// has filled meanwhile (overwriting a file's own blocks needs no free space). Each outcome is
/// one line (`RecordLine`: tab-separated fields ending in a checksum), written and synced (`fdatasync`)
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

    private static let version = "outcome-3"

    /// One record line (`RecordLine`): `outcome-3`, the outcome's fields, its hand-over's
    /// `sending` event (empty fields when the queue has it), then the number of envelope
    /// recipients it changed and, for each, its place, state and reply.
    static func line(_ outcome: StoredOutcome) -> String {
        var recipients = [String(outcome.recipients.count)]
        for recipient in outcome.recipients {
            recipients += [String(recipient.position), recipient.state.rawValue, recipient.reply]
        }
        return RecordLine.encode(
            [
                version, String(outcome.letterId), outcome.status.rawValue, String(outcome.attempts), outcome.lastReply,
                outcome.nextAttemptAt ?? "", outcome.sentAt ?? "", outcome.updatedAt, outcome.kind.rawValue,
                outcome.detail, outcome.replyCode.map(String.init) ?? "", outcome.at, outcome.sending?.timestamp ?? "",
                outcome.sending?.server ?? "", outcome.sending?.dateField ?? "",
            ] + recipients)
    }

    /// The outcome a line holds, or nil when it is torn, altered or of another version.
    static func outcome(_ line: Substring) -> StoredOutcome? {
        guard let fields = RecordLine.decode(line), fields.count >= 16, fields[0] == version,
            let id = Int64(fields[1]), let status = LetterStatus(rawValue: fields[2]), let attempts = Int(fields[3]),
            let kind = EventKind(rawValue: fields[8]), let count = Int(fields[15]), count >= 0,
            fields.count == 16 + 3 * count
        else { return nil }
        var recipients: [RecipientOutcome] = []
        for first in stride(from: 16, to: fields.count, by: 3) {
            guard let position = Int(fields[first]), let state = RecipientState(rawValue: fields[first + 1]) else {
                return nil
            }
            recipients.append(RecipientOutcome(position: position, state: state, reply: fields[first + 2]))
        }
        return StoredOutcome(
            letterId: id, status: status, attempts: attempts, lastReply: fields[4],
            nextAttemptAt: fields[5].isEmpty ? nil : fields[5], sentAt: fields[6].isEmpty ? nil : fields[6],
            updatedAt: fields[7], kind: kind, detail: fields[9], replyCode: Int(fields[10]), at: fields[11],
            sending: fields[12].isEmpty
                ? nil : SendingEvent(timestamp: fields[12], server: fields[13], dateField: fields[14]),
            recipients: recipients)
    }
}
