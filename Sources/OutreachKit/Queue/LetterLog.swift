import Foundation
import GRDB

/// Which letters `outreach log` shows.
public struct LogFilter: Sendable {
    public var statuses: [LetterStatus] = []
    /// The recipient's role.
    public var role: String?
    /// Text found in the recipient's name, office or address (case-insensitive).
    public var recipient: String?
    public var template: String?
    /// Activity at or after / before this moment.
    public var since: Date?
    public var until: Date?
    public var limit: Int?
    /// Only letters sent that no person has answered (status `sent`; automatic replies do not count).
    public var unanswered = false
    /// Only letters sent before this moment.
    public var sentBefore: Date?

    public init() {}

    /// Parses `7d`, `24h`, `30m`, `2w`, or a day `YYYY-MM-DD` (local midnight), relative to `now`.
    /// - Throws: `InputError.badOption` naming `option`.
    /// - Parameter endOfDay: for `--until`, a day means up to the end of that day.
    public static func moment(_ text: String, option: String, now: Date = Date(), endOfDay: Bool = false) throws -> Date
    {
        if MessageDate.isCalendarDay(text) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd"
            if let date = formatter.date(from: text) { return endOfDay ? date.addingTimeInterval(86_400) : date }
        }
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        // At most a century back: any older is all of the log.
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count >= 0,
            count.isFinite
        {
            return now.addingTimeInterval(-min(count * seconds, 100 * 365 * 86_400))
        }
        throw InputError.badOption(
            option: option, reason: "'\(text)' is not a date or a span",
            hint: "write YYYY-MM-DD, or a span such as 30m, 24h, 7d or 2w")
    }
}

/// One row of the log, with stable keys for JSON and CSV (see the README): snake_case, as
/// `recipients list --json` writes the recipient columns, so `recipient_id` joins the two.
public struct LogEntry: Sendable, Codable, Equatable {
    /// Last activity, ISO 8601 UTC.
    public var at: String
    public var id: Int64
    /// The recipient's `id` in the recipient files.
    public var recipientId: String
    public var recipient: String
    public var office: String
    public var role: String
    public var template: String
    public var channel: String
    public var status: String
    public var attempts: Int
    /// The server's last reply, code and text ("" when none).
    public var reply: String
    public var messageId: String
    /// The To and Cc addresses (space-separated); empty for web form and post.
    public var to: String
    public var subject: String
    public var sentAt: String?

    /// The CSV header, in this order; the JSON keys are the same.
    public static let columns = [
        "at", "id", "recipient_id", "recipient", "office", "role", "template", "channel", "status", "attempts", "reply",
        "message_id", "to",
        "subject", "sent_at",
    ]

    enum CodingKeys: String, CodingKey {
        case at, id, recipient, office, role, template, channel, status, attempts, reply, to, subject
        case recipientId = "recipient_id"
        case messageId = "message_id"
        case sentAt = "sent_at"
    }

    /// Encodes every key, `sent_at` as null when the letter was never sent.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(id, forKey: .id)
        try container.encode(recipientId, forKey: .recipientId)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(office, forKey: .office)
        try container.encode(role, forKey: .role)
        try container.encode(template, forKey: .template)
        try container.encode(channel, forKey: .channel)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(reply, forKey: .reply)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(sentAt, forKey: .sentAt)
    }

    /// The values in `columns` order.
    public var fields: [String] {
        [
            at, String(id), recipientId, recipient, office, role, template, channel, status, String(attempts), reply,
            messageId, to, subject, sentAt ?? "",
        ]
    }
}

/// Counts for `outreach log --summary`; JSON keys in snake_case like the log's.
public struct LogSummary: Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case total
        case byStatus = "by_status"
        case byRole = "by_role"
        case byTemplate = "by_template"
        case firstSent = "first_sent"
        case lastSent = "last_sent"
    }

    public var total: Int
    public var byStatus: [String: Int]
    public var byRole: [String: Int]
    public var byTemplate: [String: Int]
    /// First and last time a letter was sent (ISO 8601 UTC).
    public var firstSent: String?
    public var lastSent: String?
}

extension LetterQueue {
    /// `outreach_contains(text, part)`: true when `part` is in `text`, ignoring case and accents.
    static let containsFunction = DatabaseFunction("outreach_contains", argumentCount: 2, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let part = String.fromDatabaseValue(values[1]) else {
            return false
        }
        return text.range(of: part, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    /// Calls `visit` with each letter that passes `filter`, newest activity first (by the last
    /// change, ISO 8601 UTC), reading one row at a time so that an export of 100,000 letters is
    /// never all in memory.
    /// - Throws: `QueueError.database`, or what `visit` throws.
    public func log(_ filter: LogFilter, _ visit: (LogEntry) throws -> Void) throws {
        let (conditions, arguments) = Self.conditions(filter)
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var sql = """
            SELECT updatedAt, id, recipientName, office, role, template, channel, status, attempts, lastReply, messageId,
                   envelopeTo, subject, sentAt, recipientId
            FROM letter
            """
        if let limit = filter.limit {
            // Sort only the ids, then read the few rows: sorting whole rows of 100,000 letters
            // costs four times as much.
            sql += " WHERE id IN (SELECT id FROM letter\(whereClause) ORDER BY updatedAt DESC, id DESC LIMIT \(limit))"
        } else {
            sql += whereClause
        }
        sql += " ORDER BY updatedAt DESC, id DESC"
        try read { db in
            db.add(function: Self.containsFunction)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                try visit(
                    LogEntry(
                        at: row[0], id: row[1], recipientId: row[14], recipient: row[2], office: row[3], role: row[4],
                        template: row[5], channel: row[6],
                        status: row[7], attempts: row[8], reply: row[9], messageId: row[10], to: row[11],
                        subject: row[12], sentAt: row[13]))
            }
        }
    }

    /// Counts per status, role and template of the letters that pass `filter`, and the first
    /// and last send.
    public func logSummary(_ filter: LogFilter) throws -> LogSummary {
        var filter = filter
        filter.limit = nil
        let (conditions, arguments) = Self.conditions(filter)
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            db.add(function: Self.containsFunction)
            // One pass over the letters, counted here: a GROUP BY would sort them first.
            var summary = LogSummary(
                total: 0, byStatus: [:], byRole: [:], byTemplate: [:], firstSent: nil, lastSent: nil)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT status, role, template, sentAt FROM letter\(whereClause)",
                arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                summary.total += 1
                summary.byStatus[row[0], default: 0] += 1
                summary.byRole[row[1], default: 0] += 1
                summary.byTemplate[row[2], default: 0] += 1
                if let sent: String = row[3] {
                    if summary.firstSent.map({ sent < $0 }) ?? true { summary.firstSent = sent }
                    if summary.lastSent.map({ sent > $0 }) ?? true { summary.lastSent = sent }
                }
            }
            return summary
        }
    }

    private static func conditions(_ filter: LogFilter) -> ([String], [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if !filter.statuses.isEmpty {
            conditions.append("status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += filter.statuses.map(\.rawValue)
        }
        if let role = filter.role {
            conditions.append("role = ?")
            arguments.append(role)
        }
        if let template = filter.template {
            conditions.append("template = ?")
            arguments.append(template)
        }
        if let text = filter.recipient {
            // SQLite's LIKE folds case for ASCII only and treats % and _ as wildcards.
            conditions.append("outreach_contains(recipientName || ' ' || office || ' ' || envelopeTo, ?)")
            arguments.append(text)
        }
        if let since = filter.since {
            conditions.append("updatedAt >= ?")
            arguments.append(Timestamp.string(since))
        }
        if let until = filter.until {
            conditions.append("updatedAt < ?")
            arguments.append(Timestamp.string(until))
        }
        if filter.unanswered { conditions.append("status = 'sent'") }
        if let sentBefore = filter.sentBefore {
            conditions.append("sentAt IS NOT NULL AND sentAt < ?")
            arguments.append(Timestamp.string(sentBefore))
        }
        return (conditions, arguments)
    }

    /// Records a letter delivered another way (a web form, the post, a call), so the log
    /// covers every channel.
    /// - Parameters:
    ///   - via: `web-form`, `postal` or `phone`.
    ///   - note: what the person wants to remember (a confirmation number, say).
    /// - Throws: `QueueError.noSuchLetter`; `.wrongStatus` for a letter sent, sending or discarded.
    public func markDeliveredByHand(ids: [Int64], via: String, note: String?, at date: Date = Date()) throws {
        try write { writer in
            // All or none: every letter is checked before any is marked.
            for id in ids {
                let status = try writer.status(of: id)
                guard [.drafted, .deferred, .failed, .unknown].contains(status) else {
                    throw QueueError.wrongStatus(id: id, status: status, action: "marked delivered by hand")
                }
            }
            let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = "via \(via)" + (note.flatMap { $0.isEmpty ? nil : ": \($0)" } ?? "")
            for id in Array(Set(ids)).sorted() {
                try writer.setStatus(id, to: .deliveredByHand, detail: detail, at: date)
                try writer.db.execute(sql: "UPDATE letter SET lastReply = ? WHERE id = ?", arguments: [detail, id])
            }
        }
    }
}
