import Foundation
import GRDB
import OutreachTestSupport

@testable import OutreachKit

/// A real queue (an SQLite file in a temporary folder) with letters written straight into it,
/// for tests of the library's decisions on the values it reads back.
final class TestQueue {
    let folder: TemporaryDirectory
    let queue: LetterQueue
    /// 2026-11-29T08:07:21Z.
    static let now = Date(timeIntervalSince1970: 1_795_939_641)

    init() throws {
        folder = try TemporaryDirectory("outreach-queue")
        queue = try LetterQueue(file: folder.url.appendingPathComponent("outreach.sqlite"))
    }

    /// Drafts one letter per channel, to recipients r1, r2, ... at example.com.
    /// - Returns: the letters as the queue reads them.
    @discardableResult
    func draft(_ channels: [Channel]) throws -> [Letter] {
        let first = try queue.letters().count
        try queue.write { writer in
            let batch = try writer.beginBatch(template: "letter", role: "mayor", at: Self.now)
            for (offset, channel) in channels.enumerated() {
                let number = first + offset + 1
                let letter = MergedLetter(
                    recipientId: "r\(number)", recipientName: "Mayor Number\(number)", role: "mayor",
                    office: "Mayor, Town\(number)",
                    recipientSource: "test.csv:\(number + 1)", channel: channel, subject: "Hello",
                    envelopeFrom: "dana@example.org", envelopeTo: channel == .email ? ["r\(number)@example.com"] : [],
                    contactForm: channel == .webForm ? "https://example.com/form" : "", postalAddress: "1 City Hall",
                    messageId: "<\(number).test@example.org>",
                    message: Array(
                        "Date: Sun, 29 Nov 2026 00:07:21 -0800\r\nSubject: Hello\r\n\r\nDear Mayor,\r\n".utf8))
                _ = try writer.insert(letter, template: "letter", batchId: batch, at: Timestamp.string(Self.now))
            }
        }
        return Array(try queue.letters().dropFirst(first))
    }

    /// Sets letter `id`'s status and delivery columns, as a past run would have left them.
    func set(
        _ id: Int64, status: LetterStatus, nextAttemptAt: String? = nil, lastReply: String = "", sentAt: String? = nil
    ) throws {
        try queue.write { writer in
            try writer.db.execute(
                sql: "UPDATE letter SET status = ?, nextAttemptAt = ?, lastReply = ?, sentAt = ? WHERE id = ?",
                arguments: [status, nextAttemptAt, lastReply, sentAt, id])
        }
    }

    /// Records a `sent` event for letter `id` at `date`, as the daily cap counts them.
    func addSentEvent(_ id: Int64, at date: Date) throws {
        try queue.write { writer in
            try writer.addEvent(letterId: id, kind: .sent, detail: "250 ok", at: Timestamp.string(date), replyCode: 250)
        }
    }

    /// Letter `id` as the queue reads it now.
    func letter(_ id: Int64) throws -> Letter {
        try queue.letter(id: id)
    }
}
