import Foundation

/// A file beside the queue, `outreach.sqlite.handover`, mapped into memory, where a send run
/// notes each letter as its content is about to go, and its outcome when it comes: with plain
/// writes to memory, no system call and no transaction, yet kept by the kernel when the
/// process is killed (a shared mapping's pages belong to the file, not to the process). The
/// queue itself is written in batches (`SendJournal.flush`); after a kill, the next run reads
/// this file to learn which letter was on its way and which outcomes the queue lacks
/// (`SendRecovery`). It does not survive a power loss, which the claims in the queue cover.
///
/// A header (the system boot the run runs in: after a power loss or a reset the file may hold
/// anything, and is not read), then one slot of `slotSize` bytes per letter, by the letter's
/// place in the plan modulo `slots`:
/// a run never has more than `ClaimWindow.limit` letters claimed and unrecorded, so a slot is
/// reused only once its earlier letter's outcome is in the queue. A slot holds the hand-over
/// (letter id, attempts, its `sending` event) and, after it, the outcome with the new state of
/// each envelope recipient the server answered, each a binary record sealed with a checksum: a
/// record half written when the process died fails it. An outcome whose recipients do not fit
/// (more than about a hundred in one envelope) is not noted: after a kill its letter is then
/// uncertain, never recorded without its recipients.
final class HandOverLog {
    /// Slots in the file: as many as letters can be claimed and unrecorded at once.
    static let slots = ClaimWindow.limit
    /// Bytes per slot: a hand-over record, then the outcome's length and text.
    static let slotSize = 4096
    /// Where the outcome's length is: the hand-over's length and line come first.
    private static let outcomeStart = 512
    /// `outreach-handover-1`, then the boot id, padded.
    private static let headerSize = 64
    private static let magic = Array("outreach-handover-2 ".utf8)
    private static var length: Int { headerSize + slots * slotSize }

    /// `QUEUE.handover`, beside the queue file.
    let path: String
    private var base: UnsafeMutableRawPointer?
    private var descriptor: Int32 = -1

    /// - Parameter database: the queue file.
    init(database: URL) {
        path = database.path + ".handover"
    }

    deinit { unmap() }

    /// Makes the file anew (0600, zeros after the header) and maps it. Called when a run starts.
    /// - Parameter bootId: the system boot the run runs in (`BootSession.current`).
    /// - Throws: `FileError.cannotWrite` when it cannot be made or mapped.
    func open(bootId: String) throws {
        unmap()
        let length = Self.length
        descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // Written, not only sized: the pages must exist on disk, or a full disk would fail the
        // first write to one with SIGBUS.
        var bytes = Self.magic + Array(bootId.utf8.prefix(Self.headerSize - Self.magic.count))
        bytes += [UInt8](repeating: 0, count: length - bytes.count)
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, length, 0) }
        guard written == length else {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(written < 0 ? errno : ENOSPC)))
        }
        let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        base = mapped
    }

    /// Notes that letter `letterId` (the `index`-th of the plan) is about to be handed over.
    /// - Parameters:
    ///   - index: its place in the plan.
    ///   - letterId: the letter.
    ///   - attempts: its attempts before this hand-over.
    ///   - sending: the hand-over's `sending` event.
    func noteHandOver(index: Int, letterId: Int64, attempts: Int, sending: SendingEvent) {
        guard let slot = slot(index) else { return }
        // The outcome area first: a stale outcome of the slot's earlier letter must not pass for
        // this one's, even if the process dies between the two writes.
        slot.storeBytes(of: UInt32(0), toByteOffset: Self.outcomeStart, as: UInt32.self)
        var record = Record(slot + Self.headerOfRecord, room: Self.outcomeStart - Self.headerOfRecord)
        record.put(letterId)
        record.put(Int64(attempts))
        record.put(sending.timestamp)
        record.put(sending.server)
        record.put(sending.dateField)
        record.seal(at: slot)
    }

    /// Notes letter `outcome.letterId`'s outcome (the `index`-th of the plan). A text too long for
    /// the slot (a server's reply of thousands of bytes) is cut, as the queue would not be; the
    /// replies to the recipients are cut first. An outcome whose recipients' places and states do
    /// not fit is not noted (the slot keeps the hand-over alone).
    func noteOutcome(index: Int, _ outcome: StoredOutcome) {
        guard let slot = slot(index) else { return }
        let area = slot + Self.outcomeStart
        let room = Self.slotSize - Self.outcomeStart - Self.headerOfRecord
        // Each recipient: its place (8 bytes), its state (4 + at most 8), its reply's length (4).
        let recipientsFixed = 8 + outcome.recipients.count * 24
        let fixed = 400 + outcome.updatedAt.utf8.count + outcome.at.utf8.count + recipientsFixed
        guard fixed <= room else { return }
        let recipientRoom = outcome.recipients.isEmpty ? 0 : min(200, (room - fixed) / (2 * outcome.recipients.count))
        let textRoom = max(0, (room - fixed - recipientRoom * outcome.recipients.count) / 2)
        var record = Record(area + Self.headerOfRecord, room: room)
        record.put(outcome.letterId)
        record.put(Int64(outcome.attempts))
        record.put(outcome.status.rawValue)
        record.put(outcome.kind.rawValue)
        record.put(Int64(outcome.replyCode ?? -1))
        record.put(outcome.lastReply, cutTo: textRoom)
        record.put(outcome.detail, cutTo: textRoom)
        record.put(outcome.nextAttemptAt)
        record.put(outcome.sentAt)
        record.put(outcome.updatedAt)
        record.put(outcome.at)
        record.put(outcome.sending?.timestamp)
        record.put(outcome.sending?.server)
        record.put(outcome.sending?.dateField)
        record.put(Int64(outcome.recipients.count))
        for recipient in outcome.recipients {
            record.put(Int64(recipient.position))
            record.put(recipient.state.rawValue)
            record.put(recipient.reply, cutTo: recipientRoom)
        }
        record.seal(at: area)
    }

    /// Where a record's payload starts: its length (4 bytes) and checksum (8 bytes) come first.
    private static let headerOfRecord = 12

    /// A record written into a slot: fields one after the other (numbers as 8 bytes, texts as a
    /// 4-byte length, all ones for none, then UTF-8), then sealed with its checksum and, last,
    /// its length, so that a reader sees a whole record or none.
    private struct Record {
        let start: UnsafeMutableRawPointer
        let room: Int
        var count = 0

        init(_ start: UnsafeMutableRawPointer, room: Int) {
            self.start = start
            self.room = room
        }

        mutating func put(_ value: Int64) {
            guard count + 8 <= room else { return }
            start.storeBytes(of: value, toByteOffset: count, as: Int64.self)
            count += 8
        }

        mutating func put(_ text: String?, cutTo limit: Int = .max) {
            guard count + 4 <= room else { return }
            guard var text else {
                start.storeBytes(of: UInt32.max, toByteOffset: count, as: UInt32.self)
                count += 4
                return
            }
            text.withUTF8 { bytes in
                // Cut on a character's first byte, never inside one.
                var length = min(bytes.count, limit, room - count - 4)
                while length < bytes.count && length > 0 && bytes[length] & 0xC0 == 0x80 { length -= 1 }
                start.storeBytes(of: UInt32(length), toByteOffset: count, as: UInt32.self)
                if let base = bytes.baseAddress { (start + count + 4).copyMemory(from: base, byteCount: length) }
                count += 4 + length
            }
        }

        /// Writes the checksum, then the length, in the 12 bytes before the payload.
        func seal(at area: UnsafeMutableRawPointer) {
            area.storeBytes(
                of: HandOverLog.checksum(UnsafeRawBufferPointer(start: start, count: count)), toByteOffset: 4,
                as: UInt64.self)
            area.storeBytes(of: UInt32(count), toByteOffset: 0, as: UInt32.self)
        }
    }

    /// FNV-1a, 64 bits.
    fileprivate static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Unmaps the file and removes it: the run's outcomes are all in the queue.
    func remove() {
        unmap()
        unlink(path)
    }

    private func unmap() {
        if let base { munmap(base, Self.length) }
        base = nil
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    private func slot(_ index: Int) -> UnsafeMutableRawPointer? {
        base.map { $0 + Self.headerSize + (index % Self.slots) * Self.slotSize }
    }

    // MARK: - Reading

    /// A hand-over the file holds, with its outcome when one was noted.
    struct Entry: Equatable {
        var letterId: Int64
        /// The letter's attempts before the hand-over.
        var attempts: Int
        var sending: SendingEvent
        var outcome: StoredOutcome?
    }

    /// The hand-overs in the file beside `database`, when a run of boot `bootId` wrote it (none
    /// when it is missing, or of another boot); half-written records are skipped.
    static func read(database: URL, bootId: String) -> [Entry] {
        guard !bootId.isEmpty, let data = FileManager.default.contents(atPath: database.path + ".handover"),
            data.count >= headerSize
        else { return [] }
        let header = [UInt8](data.prefix(headerSize))
        let boot = header.dropFirst(magic.count).prefix { $0 != 0 }
        guard header.starts(with: magic), Array(boot) == Array(bootId.utf8.prefix(headerSize - magic.count)) else {
            return []
        }
        return data.withUnsafeBytes { bytes in
            var entries: [Entry] = []
            var offset = headerSize
            while offset + slotSize <= bytes.count {
                let slot = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + slotSize])
                offset += slotSize
                guard var handOver = Reader(slot, at: 0, room: outcomeStart), let letterId = handOver.number(),
                    let attempts = handOver.number(), let timestamp = handOver.text(), let server = handOver.text(),
                    let dateField = handOver.text()
                else { continue }
                var entry = Entry(
                    letterId: letterId, attempts: Int(attempts),
                    sending: SendingEvent(timestamp: timestamp, server: server, dateField: dateField), outcome: nil)
                if var noted = Reader(slot, at: outcomeStart, room: slotSize - outcomeStart),
                    noted.number() == letterId, let outcomeAttempts = noted.number(),
                    let status = noted.text().flatMap(LetterStatus.init(rawValue:)),
                    let kind = noted.text().flatMap(EventKind.init(rawValue:)), let code = noted.number(),
                    let lastReply = noted.text(), let detail = noted.text(), let nextAttemptAt = noted.optionalText(),
                    let sentAt = noted.optionalText(), let updatedAt = noted.text(), let at = noted.text(),
                    let sendingAt = noted.optionalText(), let sendingServer = noted.optionalText(),
                    let sendingDate = noted.optionalText(), let recipients = noted.recipients()
                {
                    entry.outcome = StoredOutcome(
                        letterId: letterId, status: status, attempts: Int(outcomeAttempts), lastReply: lastReply,
                        nextAttemptAt: nextAttemptAt, sentAt: sentAt, updatedAt: updatedAt, kind: kind, detail: detail,
                        replyCode: code < 0 ? nil : Int(code), at: at,
                        sending: sendingAt.flatMap { timestamp in
                            sendingServer.flatMap { server in
                                sendingDate.map { SendingEvent(timestamp: timestamp, server: server, dateField: $0) }
                            }
                        }, recipients: recipients)
                }
                entries.append(entry)
            }
            return entries
        }
    }

    /// Reads the fields of a sealed record back; nil when it is not whole.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        init?(_ slot: UnsafeRawBufferPointer, at area: Int, room: Int) {
            let length = Int(slot.loadUnaligned(fromByteOffset: area, as: UInt32.self))
            guard length > 0, length <= room - HandOverLog.headerOfRecord else { return nil }
            let payload = area + HandOverLog.headerOfRecord
            bytes = UnsafeRawBufferPointer(rebasing: slot[payload..<payload + length])
            guard slot.loadUnaligned(fromByteOffset: area + 4, as: UInt64.self) == HandOverLog.checksum(bytes) else {
                return nil
            }
        }

        mutating func number() -> Int64? {
            guard offset + 8 <= bytes.count else { return nil }
            defer { offset += 8 }
            return bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        }

        /// The recipients' outcomes: a count, then each one's place, state and reply; nil when
        /// the record ends first or a state is not one this version knows.
        mutating func recipients() -> [RecipientOutcome]? {
            guard let count = number(), (0...Int64(HandOverLog.slotSize)).contains(count) else { return nil }
            var recipients: [RecipientOutcome] = []
            for _ in 0..<count {
                guard let position = number(), let state = text().flatMap(RecipientState.init(rawValue:)),
                    let reply = text()
                else { return nil }
                recipients.append(RecipientOutcome(position: Int(position), state: state, reply: reply))
            }
            return recipients
        }

        /// A text, or nil when there is none where one must be.
        mutating func text() -> String? { optionalText() ?? nil }

        /// `.some(nil)` for a text written as none; nil when the record ends first.
        mutating func optionalText() -> String?? {
            guard offset + 4 <= bytes.count else { return nil }
            let length = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            if length == UInt32.max { return .some(nil) }
            guard offset + Int(length) <= bytes.count else { return nil }
            defer { offset += Int(length) }
            return String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self)
        }
    }
}
