import Foundation
import GRDB

extension LetterQueue {
    /// The letters replies and reports can belong to (see `LetterIndex`).
    /// - Throws: `QueueError.database`.
    public func replyIndex() throws -> LetterIndex {
        try read { db in
            var index = LetterIndex()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, messageId, envelopeTo, COALESCE(sentAt, updatedAt) FROM letter
                    WHERE channel = ? AND (attempts > 0 OR sentAt IS NOT NULL OR status IN (?, ?, ?, ?))
                    """,
                arguments: [
                    Channel.email, LetterStatus.sent, LetterStatus.unknown, LetterStatus.replied, LetterStatus.bounced,
                ])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let messageId: String = row[1]
                let envelope: String = row[2]
                let sent: String = row[3]
                let addresses = envelope.split(separator: " ").map { $0.lowercased() }
                index.byMessageId[messageId.lowercased()] = id
                for address in addresses { index.byAddress[address, default: []].append(id) }
                let date = Self.date(fromTimestamp: sent) ?? Date.distantPast
                index.entries[id] = LetterIndex.Entry(id: id, sentAt: date, addresses: addresses)
            }
            return index
        }
    }

    /// Where reading `mailbox` of `account` stopped last time, or nil when it never was read.
    /// - Throws: `QueueError.database`.
    public func mailboxMark(account: String, mailbox: String) throws -> MailboxMark? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT uidValidity, lastUid FROM mailboxState WHERE account = ? AND mailbox = ?",
                arguments: [account, mailbox]
            )
            .map { MailboxMark(uidValidity: $0[0], lastUid: $0[1]) }
        }
    }

    /// Records what one batch of messages brought, and how far the mailbox is read, in one
    /// transaction: all of it or none.
    ///
    /// Each record not yet stored becomes an `inboundMessage` row and an event of its kind in
    /// the letter's history; a reply makes a letter that was sent (or bounced, deferred, failed,
    /// unknown) `replied`; a bounce for the office's address makes a letter that was `sent` or
    /// `unknown` `bounced`. A record stored before (the same message read again) changes nothing.
    ///
    /// A letter whose status a record would change while the `send` going now has claimed it (a
    /// fast run claims letters ahead, and hands them over without reading their status again)
    /// stops the batch: nothing of it is written, and the mailbox is read from the same place
    /// next time, once the run has ended.
    /// - Returns: the records that were new.
    /// - Throws: `QueueError.database`; `QueueError.claimedBySend` (see above).
    @discardableResult
    public func recordInbound(
        _ records: [InboundRecord], account: String, mailbox: String, mark: MailboxMark, at date: Date = Date()
    ) throws -> [InboundRecord] {
        let now = Timestamp.string(date)
        return try write { writer in
            let db = writer.db
            var added: [InboundRecord] = []
            for record in records {
                try db.cachedStatement(
                    sql: """
                        INSERT OR IGNORE INTO inboundMessage (letterId, kind, messageKey, recipient, receivedAt, recordedAt, sender, subject,
                            excerpt, action, status, diagnostic, mailbox, uid)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    record.letterId, record.kind.rawValue, record.messageKey, record.recipient, record.receivedAt, now,
                    record.sender,
                    record.subject, record.excerpt, record.action, record.status, record.diagnostic, record.mailbox,
                    record.uid,
                ])
                guard db.changesCount > 0 else { continue }
                added.append(record)
                try writer.addEvent(
                    letterId: record.letterId, kind: EventKind(record.kind), detail: record.summary, at: now,
                    replyCode: record.replyCode)
                switch record.kind {
                case .replied:
                    try refuseIfClaimed(record.letterId, for: .recordReply, in: writer)
                    let lastReply = "replied: \(record.sender), \(record.receivedAt)"
                    try db.execute(
                        sql:
                            "UPDATE letter SET status = ?, lastReply = ? WHERE id = ? AND status IN \(Self.placeholders(LetterStatus.answerable))",
                        arguments: StatementArguments(
                            [LetterStatus.replied, lastReply, record.letterId] as [any DatabaseValueConvertible]
                                + LetterStatus.answerable))
                case .bounced where record.concernsOffice:
                    try refuseIfClaimed(record.letterId, for: .recordReply, in: writer)
                    let lastReply = "bounced: \(record.summary)"
                    try db.execute(
                        sql:
                            "UPDATE letter SET status = ?, lastReply = ? WHERE id = ? AND status IN \(Self.placeholders(LetterStatus.bounceable))",
                        arguments: StatementArguments(
                            [LetterStatus.bounced, lastReply, record.letterId] as [any DatabaseValueConvertible]
                                + LetterStatus.bounceable))
                default:
                    break
                }
                try db.execute(sql: "UPDATE letter SET updatedAt = ? WHERE id = ?", arguments: [now, record.letterId])
            }
            try db.execute(
                sql: """
                    INSERT INTO mailboxState (account, mailbox, uidValidity, lastUid, checkedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account, mailbox) DO UPDATE SET uidValidity = excluded.uidValidity, lastUid = excluded.lastUid,
                        checkedAt = excluded.checkedAt
                    """,
                arguments: [account, mailbox, mark.uidValidity, mark.lastUid, now])
            return added
        }
    }

    /// `(?, ?, ?)`: one SQL parameter per status.
    private static func placeholders(_ statuses: [LetterStatus]) -> String {
        "(" + statuses.map { _ in "?" }.joined(separator: ", ") + ")"
    }

    /// `2026-11-29T08:07:21Z` (as `Timestamp` writes it) as a moment.
    static func date(fromTimestamp text: String) -> Date? {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 6 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(numbers[0] - 1900)
        parts.tm_mon = Int32(numbers[1] - 1)
        parts.tm_mday = Int32(numbers[2])
        parts.tm_hour = Int32(numbers[3])
        parts.tm_min = Int32(numbers[4])
        parts.tm_sec = Int32(numbers[5])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// The messages recorded for letter `id`, oldest first.
    /// - Throws: `QueueError.database`.
    public func inboundMessages(letterId: Int64) throws -> [InboundRecord] {
        try read { db in
            // A queue opened read-only before its migration to v3 has no such table yet.
            guard try db.tableExists("inboundMessage") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, messageKey, recipient, receivedAt, sender, subject, excerpt, action, status, diagnostic, mailbox, uid
                    FROM inboundMessage WHERE letterId = ? ORDER BY receivedAt, id
                    """, arguments: [letterId]
            ).map { row in
                InboundRecord(
                    letterId: letterId, kind: InboundRecord.Kind(rawValue: row[0]) ?? .replied, messageKey: row[1],
                    recipient: row[2],
                    receivedAt: row[3], sender: row[4], subject: row[5], excerpt: row[6], action: row[7],
                    status: row[8], diagnostic: row[9],
                    mailbox: row[10], uid: row[11])
            }
        }
    }
}
