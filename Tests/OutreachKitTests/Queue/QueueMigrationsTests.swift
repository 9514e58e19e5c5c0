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

    /// "v5: mailbox identity" gives the letters a queue held before their office's key and their
    /// envelope recipients' kinds (To, then Cc, as they were built), and indexes the key.
    func testMailboxIdentityMigrationFillsKeysAndKinds() throws {
        let folder = try TemporaryDirectory("outreach-migration")
        let file = folder.url.appendingPathComponent("outreach.sqlite")
        let old = try DatabaseQueue(path: file.path)
        try QueueMigrations.migrator.migrate(old, upTo: "v3: replies")
        let letters: [(channel: String, to: String, form: String, address: String, status: String)] = [
            ("email", "Mayor@Example.com cc@example.org", "", "1 City Hall", "sent"),
            ("web-form", "", "https://Example.org/form/", "1 City Hall", "discarded"),
            ("postal", "", "", "1 City Hall\n Town", "drafted"),
        ]
        try old.write { db in
            try db.execute(
                sql: "INSERT INTO batch (createdAt, template, role) VALUES ('2026-11-01T00:00:00Z', 't', 'mayor')")
            for (index, letter) in letters.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource, channel,
                            status, subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt)
                        VALUES (1, 't', ?, 'Mayor  Name', 'mayor', 'Mayor, Town', 'test.csv:2', ?, ?, 'Hello', 'dana@example.org',
                            ?, ?, ?, ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')
                        """,
                    arguments: [
                        "r\(index)", letter.channel, letter.status, letter.to, letter.form, letter.address,
                        "<\(index)@example.org>",
                    ])
            }
        }
        try old.close()
        let queue = try LetterQueue(file: file)
        let migrated = try queue.letters()
        XCTAssertEqual(migrated[0].envelopeKinds, "to cc")
        XCTAssertEqual(migrated[0].envelopeRecipients.map(\.kind), [.to, .cc])
        XCTAssertEqual(migrated[1].envelopeRecipients, [])
        try queue.database.read { db in
            XCTAssertEqual(
                try String.fetchAll(db, sql: "SELECT mailboxKey FROM letter ORDER BY id"),
                ["email:mayor@example.com", "form:https://example.org/form", "postal:mayor name / 1 city hall town"])
            XCTAssertEqual(
                try String.fetchOne(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'letter' AND name = 'letterMailbox'"
                ),
                "letterMailbox")
        }
        // A draft finds them by office, whatever the id; the discarded one too.
        try queue.write { writer in
            XCTAssertEqual(
                try writer.earlierLetter(template: "t", recipientId: "other", mailboxKey: "email:mayor@example.com")?
                    .id, 1)
            let discarded = try writer.earlierLetter(
                template: "t", recipientId: "other", mailboxKey: "form:https://example.org/form")
            XCTAssertEqual(discarded?.status, .discarded)
            XCTAssertEqual(discarded?.mailbox, "https://Example.org/form/")
            XCTAssertNil(
                try writer.earlierLetter(template: "u", recipientId: "r0", mailboxKey: "email:mayor@example.com"))
        }
    }
}
