import Foundation
import GRDB

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
    /// - Parameters:
    ///   - filter: which letters.
    ///   - withRecipients: also read each letter's envelope recipients and their states (for JSON).
    ///   - visit: called with each entry.
    /// - Throws: `QueueError.database`, or what `visit` throws.
    public func log(_ filter: LogFilter, withRecipients: Bool = false, _ visit: (LogEntry) throws -> Void) throws {
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
                var entry = LogEntry(
                    at: row[0], id: row[1], recipientId: row[14], recipient: row[2], office: row[3], role: row[4],
                    template: row[5],
                    channel: row[6],
                    status: row[7], attempts: row[8], reply: row[9], messageId: row[10], to: row[11],
                    subject: row[12], sentAt: row[13])
                if withRecipients {
                    // Only an emailed letter has an envelope: the others need no lookup.
                    entry.recipients =
                        entry.channel == Channel.email.rawValue ? try Self.envelope(db, letterId: entry.id) : []
                }
                try visit(entry)
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
            arguments += filter.statuses
        }
        if let role = filter.role {
            conditions.append("role = ?")
            arguments.append(role.rawValue)
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
        if filter.unanswered {
            conditions.append("status = ?")
            arguments.append(LetterStatus.sent)
        }
        if let sentBefore = filter.sentBefore {
            conditions.append("sentAt IS NOT NULL AND sentAt < ?")
            arguments.append(Timestamp.string(sentBefore))
        }
        return (conditions, arguments)
    }

    /// Records a letter delivered another way (a web form, the post, a call), so the log
    /// covers every channel.
    /// - Parameters:
    ///   - ids: the letters; all or none are marked.
    ///   - via: how it was delivered.
    ///   - note: what the person wants to remember (a confirmation number, say).
    ///   - date: when it is recorded.
    /// - Throws: `QueueError.noSuchLetter`; `.claimedBySend` for a letter the `send` going now
    ///   has claimed or is handing over; `.wrongStatus` for a letter sent, discarded, or left
    ///   `sending` by a run that died.
    public func markDeliveredByHand(ids: [Int64], via: HandDelivery, note: String?, at date: Date = Date()) throws {
        try write { writer in
            // All or none: every letter is checked before any is marked.
            for id in ids {
                let status = try writer.status(of: id)
                try refuseIfInFlight(id, status: status, for: .markDeliveredByHand)
                guard LetterAction.markDeliveredByHand.allowedFrom.contains(status) else {
                    throw QueueError.wrongStatus(id: id, status: status, action: .markDeliveredByHand)
                }
                try refuseIfClaimed(id, for: .markDeliveredByHand, in: writer)
            }
            let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = "via \(via.rawValue)" + (note.flatMap { $0.isEmpty ? nil : ": \($0)" } ?? "")
            for id in Array(Set(ids)).sorted() {
                try writer.setStatus(id, to: .deliveredByHand, detail: detail, at: date)
                try writer.db.execute(sql: "UPDATE letter SET lastReply = ? WHERE id = ?", arguments: [detail, id])
            }
        }
    }
}
