import Foundation
import GRDB

/// Where a letter is in its life. Raw values are stored in `letter.status`.
public enum LetterStatus: String, CaseIterable, Sendable, Codable {
    case drafted, sending, sent, deferred, failed, unknown, discarded
    case deliveredByHand = "delivered-by-hand"
    /// A person at the office answered (`outreach replies`).
    case replied
    /// A delivery report said it could not be delivered to the office (`outreach replies`).
    case bounced
}

/// A letter in the queue, without its message bytes (see `LetterQueue.message(id:)`).
public struct Letter: Sendable, Codable, FetchableRecord, Equatable {
    public var id: Int64
    public var batchId: Int64
    public var template: String
    public var recipientId: String
    public var recipientName: String
    public var role: String
    public var office: String
    /// `file:line` of the recipient row it was drafted from.
    public var recipientSource: String
    public var channel: Channel
    public var status: LetterStatus
    public var subject: String
    /// Envelope MAIL FROM.
    public var envelopeFrom: String
    /// Envelope RCPT TO addresses, space-separated (To then Cc); empty unless `channel` is email.
    public var envelopeTo: String
    public var contactForm: String
    public var postalAddress: String
    public var messageId: String
    /// ISO 8601 UTC, seconds.
    public var createdAt: String
    public var updatedAt: String
    /// Hand-overs to the server so far.
    public var attempts: Int
    /// When a deferred letter may be tried again (ISO 8601 UTC).
    public var nextAttemptAt: String?
    /// When the server took it (ISO 8601 UTC).
    public var sentAt: String?
    /// The server's last reply, code and text.
    public var lastReply: String

    /// The columns read for a `Letter`: all but the message. Every query for letters selects
    /// exactly these, in this order, which `init(row:)` relies on.
    static let columns = """
        id, batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status, subject,
        envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt, attempts, nextAttemptAt,
        sentAt, lastReply
        """

    /// Reads a row of `columns` by position: five times faster than the Decodable path, which
    /// counted when `send` plans a campaign of many thousand letters.
    /// - Throws: `QueueError.database` for a channel or status this version does not know.
    public init(row: Row) throws {
        id = row[0]
        batchId = row[1]
        template = row[2]
        recipientId = row[3]
        recipientName = row[4]
        role = row[5]
        office = row[6]
        recipientSource = row[7]
        let channelName: String = row[8]
        let statusName: String = row[9]
        guard let channel = Channel(rawValue: channelName), let status = LetterStatus(rawValue: statusName) else {
            throw QueueError.database(
                reason:
                    "letter \(id) has channel '\(channelName)' and status '\(statusName)', which this version of outreach does not know"
            )
        }
        self.channel = channel
        self.status = status
        subject = row[10]
        envelopeFrom = row[11]
        envelopeTo = row[12]
        contactForm = row[13]
        postalAddress = row[14]
        messageId = row[15]
        createdAt = row[16]
        updatedAt = row[17]
        attempts = row[18]
        nextAttemptAt = row[19]
        sentAt = row[20]
        lastReply = row[21]
    }
}

/// A letter merged and built, ready to be written to the queue.
public struct MergedLetter: Sendable {
    public var recipientId: String
    public var recipientName: String
    public var role: String
    public var office: String
    public var recipientSource: String
    public var channel: Channel
    public var subject: String
    public var envelopeFrom: String
    public var envelopeTo: [String]
    public var contactForm: String
    public var postalAddress: String
    public var messageId: String
    /// The complete RFC 5322 message.
    public var message: [UInt8]
}

/// ISO 8601 UTC timestamps, to the second, as stored in the queue.
public enum Timestamp {
    /// `2026-11-29T08:07:21Z`. The text changes once a second, so the last one is reused.
    public static func string(_ date: Date) -> String { cache.text(for: date) }

    private static let cache = SecondCache(format)

    private static func format(_ second: Int64) -> String {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
