import GRDB
import OutreachTestSupport
import XCTest

@testable import OutreachKit

final class QueueMigrationsTests: XCTestCase {
    /// "v3: replies" rebuilds `letter` for its new CHECK: a queue written by v2 keeps every
    /// letter, message and event, its ids, and its append-only triggers.
    func testRepliesMigrationKeepsAQueueWrittenBefore() throws {
        let folder = try TemporaryDirectory("outreach-migration")
        let file = folder.url.appendingPathComponent("outreach.sqlite")
        let old = try DatabaseQueue(path: file.path)
        try QueueMigrations.migrator.migrate(old, upTo: "v2: delivery")
        try old.write { db in
            try db.execute(
                sql:
                    "INSERT INTO batch (createdAt, template, role, letterCount) VALUES ('2026-11-01T00:00:00Z', 't', 'mayor', 2)"
            )
            for id in 1...2 {
                try db.execute(
                    sql: """
                        INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status,
                            subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt, attempts, sentAt, lastReply)
                        VALUES (1, 't', 'r\(id)', 'Mayor \(id)', 'mayor', 'Mayor, Town', 'test.csv:\(id + 1)', 'email', 'sent', 'Hello',
                            'dana@example.org', 'r\(id)@example.com', '', '', '<\(id)@example.org>', '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', 1,
                            '2026-11-01T00:00:01Z', '250 ok')
                        """)
                try db.execute(
                    sql: "INSERT INTO message (letterId, bytes) VALUES (?, ?)",
                    arguments: [id, Data("Subject: Hello\r\n\r\nHi\r\n".utf8)])
                try db.execute(
                    sql:
                        "INSERT INTO event (letterId, at, kind, detail, replyCode) VALUES (?, '2026-11-01T00:00:01Z', 'sent', '250 ok', 250)",
                    arguments: [id])
            }
        }
        try old.close()
        let queue = try LetterQueue(file: file)
        XCTAssertEqual(try queue.letters().map(\.messageId), ["<1@example.org>", "<2@example.org>"])
        XCTAssertEqual(try queue.letters().map(\.status), [.sent, .sent])
        XCTAssertEqual(try queue.events(letterId: 1).map(\.kind), [.drafted, .sent])
        let record = InboundRecord(
            letterId: 1, kind: .replied, messageKey: "<r@x>", receivedAt: "2026-11-02T00:00:00Z",
            sender: "<r1@example.com>", subject: "Re", mailbox: "INBOX", uid: 1)
        try queue.recordInbound(
            [record], account: "dana@imap.example.org", mailbox: "INBOX", mark: MailboxMark(uidValidity: 7, lastUid: 1))
        XCTAssertEqual(try queue.letter(id: 1).status, .replied)
        XCTAssertEqual(
            try queue.mailboxMark(account: "dana@imap.example.org", mailbox: "INBOX"),
            MailboxMark(uidValidity: 7, lastUid: 1))
        try queue.database.write { db in
            XCTAssertThrowsError(try db.execute(sql: "DELETE FROM event"), "events stay append-only")
            XCTAssertThrowsError(
                try db.execute(sql: "UPDATE inboundMessage SET subject = 'x'"), "inbound messages are append-only")
            XCTAssertThrowsError(
                try db.execute(sql: "UPDATE letter SET status = 'answered' WHERE id = 1"),
                "the CHECK still guards the status")
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, 0)
            // AUTOINCREMENT goes on from the ids the old table gave.
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'letter'"), 2)
        }
    }

    /// "v6: envelope recipients" gives each email letter written before it one row per envelope
    /// address, with the state its history shows.
    func testEnvelopeRecipientsMigrationFillsTheRowsFromTheHistory() throws {
        let folder = try TemporaryDirectory("outreach-migration")
        let file = folder.url.appendingPathComponent("outreach.sqlite")
        let old = try DatabaseQueue(path: file.path)
        try QueueMigrations.migrator.migrate(old, upTo: "v3: replies")
        // (status, envelope, last reply, outcome event)
        let letters: [(String, String, String, (String, String)?)] = [
            (
                "sent", "r1@example.com c1@example.org", "250 ok",
                ("sent", "250 ok; refused: c1@example.org: 550 5.1.1 gone")
            ),
            (
                "failed", "r2@example.com c2@example.org",
                "451 4.3.0 later (To r2@example.com refused; the copies were delivered: 250 2.0.0 Ok: queued as Q7)",
                ("failed", "451 4.3.0 later")
            ),
            ("unknown", "r3@example.com", "reset (after the server accepted DATA)", nil),
            ("drafted", "r4@example.com c4@example.org", "", nil),
            ("replied", "r5@example.com", "a reply", ("sent", "250 queued")),
        ]
        try old.write { db in
            try db.execute(
                sql:
                    "INSERT INTO batch (createdAt, template, role, letterCount) VALUES ('2026-11-01T00:00:00Z', 't', 'mayor', 6)"
            )
            for (index, (status, envelope, reply, event)) in letters.enumerated() {
                let id = index + 1
                try db.execute(
                    sql: """
                        INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status,
                            subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt, lastReply)
                        VALUES (1, 't', ?, 'Mayor', 'mayor', 'Mayor, Town', 'test.csv:2', 'email', ?, 'Hello', 'dana@example.org', ?,
                            '', '', ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', ?)
                        """, arguments: ["r\(id)", status, envelope, "<\(id)@example.org>", reply])
                if let (kind, detail) = event {
                    try db.execute(
                        sql: "INSERT INTO event (letterId, at, kind, detail) VALUES (?, '2026-11-01T00:00:01Z', ?, ?)",
                        arguments: [id, kind, detail])
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status,
                        subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt)
                    VALUES (1, 't', 'f', 'Senator', 'senator', 'Senate', 'test.csv:9', 'web-form', 'drafted', 'Hello',
                        'dana@example.org', '', 'https://example.com/form', '', '<6@example.org>', '2026-11-01T00:00:00Z',
                        '2026-11-01T00:00:00Z')
                    """)
        }
        try old.close()
        let queue = try LetterQueue(file: file)
        func states(_ id: Int64) throws -> [String] {
            try queue.envelope(letterId: id).map {
                "\($0.role.rawValue) \($0.address) \($0.state.rawValue) \($0.reply)"
            }
        }
        XCTAssertEqual(
            try states(1), ["to r1@example.com accepted 250 ok", "cc c1@example.org refused 550 5.1.1 gone"])
        XCTAssertEqual(
            try states(2),
            ["to r2@example.com deferred 451 4.3.0 later", "cc c2@example.org accepted 250 2.0.0 Ok: queued as Q7"],
            "the copy delivered before is never sent again by --retry-failed")
        XCTAssertEqual(try states(3), ["to r3@example.com unknown reset (after the server accepted DATA)"])
        XCTAssertEqual(try states(4), ["to r4@example.com pending ", "cc c4@example.org pending "])
        XCTAssertEqual(try states(5), ["to r5@example.com accepted 250 queued"])
        XCTAssertEqual(try states(6), [], "a web-form letter has no envelope")
        try queue.database.write { db in
            XCTAssertThrowsError(
                try db.execute(sql: "UPDATE envelopeRecipient SET state = 'sent' WHERE letterId = 1"),
                "the CHECK guards the state")
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, 0)
        }
        // A letter drafted from now on gets its rows at once.
        let fresh = try TestQueue()
        let drafted = try fresh.draft([.email, .webForm])
        XCTAssertEqual(try fresh.queue.envelope(letterId: drafted[0].id).map(\.address), ["r1@example.com"])
        XCTAssertEqual(try fresh.queue.envelope(letterId: drafted[0].id).map(\.role), [.to])
        XCTAssertEqual(try fresh.queue.envelope(letterId: drafted[1].id), [])
    }
}
