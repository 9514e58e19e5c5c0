import GRDB
import OutreachTestSupport
import XCTest

@testable import OutreachKit

final class QueueMigrationsTests: XCTestCase {
    /// The order the migrations run in: a queue of any earlier version goes through each one
    /// after it. (None of v3 to v6 has shipped.)
    func testMigrationsAreRegisteredInOrder() {
        XCTAssertEqual(
            QueueMigrations.migrator.migrations,
            [
                "v1: batch, letter, event", "v2: delivery", "v3: replies",
                "v4: send claims, event without AUTOINCREMENT", "v5: mailbox identity", "v6: envelope recipients",
            ])
    }

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
        // The migrations after v3 went through the rebuilt table: each letter has its office's
        // key (v5) and its envelope recipient, accepted as its history shows (v6).
        try queue.database.read { db in
            XCTAssertEqual(
                try String.fetchAll(db, sql: "SELECT mailboxKey FROM letter ORDER BY id"),
                ["email:r1@example.com", "email:r2@example.com"])
        }
        XCTAssertEqual(
            try queue.envelope(letterId: 2).map { "\($0.role.rawValue) \($0.address) \($0.state.rawValue)" },
            ["to r2@example.com accepted"])
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

    /// "v5: mailbox identity" gives the letters a queue held before their office's key and
    /// indexes it; "v6: envelope recipients", after it, gives the emailed ones their rows.
    func testMailboxIdentityMigrationFillsTheKeys() throws {
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
        XCTAssertEqual(migrated.map(\.messageId), ["<0@example.org>", "<1@example.org>", "<2@example.org>"])
        // "v6: envelope recipients" gives the emailed one its rows: To, then Cc, as it was built.
        XCTAssertEqual(try queue.envelope(letterId: migrated[0].id).map(\.role), [.to, .cc])
        XCTAssertEqual(try queue.envelope(letterId: migrated[1].id), [])
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
                try writer.earlierLetter(anyOf: ["t"], recipientId: "other", mailboxKey: "email:mayor@example.com")?
                    .id, 1)
            let discarded = try writer.earlierLetter(
                anyOf: ["t"], recipientId: "other", mailboxKey: "form:https://example.org/form")
            XCTAssertEqual(discarded?.status, .discarded)
            XCTAssertEqual(discarded?.mailbox, "https://Example.org/form/")
            XCTAssertNil(
                try writer.earlierLetter(anyOf: ["u"], recipientId: "r0", mailboxKey: "email:mayor@example.com"))
            // When the draft chooses among templates, a letter from any of them counts.
            XCTAssertEqual(try writer.earlierLetter(anyOf: ["u", "t"], recipientId: "r0", mailboxKey: "")?.id, 1)
            XCTAssertEqual(
                try writer.earlierLetter(anyOf: ["u", "t"], recipientId: "", mailboxKey: "email:mayor@example.com")?
                    .id, 1)
            XCTAssertTrue(try writer.hasLetters(anyOf: ["u", "t"]))
            XCTAssertFalse(try writer.hasLetters(anyOf: ["u"]))
        }
    }

    /// "v6: envelope recipients" gives each email letter written before it one row per envelope
    /// address, with the state its history shows.
    func testEnvelopeRecipientsMigrationFillsTheRowsFromTheHistory() throws {
        let folder = try TemporaryDirectory("outreach-migration")
        let file = folder.url.appendingPathComponent("outreach.sqlite")
        let old = try DatabaseQueue(path: file.path)
        try QueueMigrations.migrator.migrate(old, upTo: "v5: mailbox identity")
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

    /// "v4" rebuilds `event` without AUTOINCREMENT: a queue v2 wrote, migrated through every version
    /// (v3 rebuilt `letter` before it), keeps its events, their ids, index and triggers.
    func testV4KeepsEveryEventItsIndexAndTriggersWithoutAutoincrement() throws {
        let folder = try TemporaryDirectory("outreach-migration")
        let file = folder.url.appendingPathComponent("outreach.sqlite")
        // A queue as version 2 left it, with history.
        let old = try DatabaseQueue(path: file.path)
        try QueueMigrations.migrator.migrate(old, upTo: "v2: delivery")
        try old.write { db in
            try db.execute(
                sql: "INSERT INTO batch (createdAt, template, role) VALUES ('2026-01-01T00:00:00Z', 't', 'mayor')")
            try db.execute(
                sql: """
                    INSERT INTO letter (batchId, template, recipientId, recipientName, role, office, recipientSource,
                        channel, subject, envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt)
                    VALUES (1, 't', 'r1', 'Mayor', 'mayor', 'Mayor, Town', 'a.csv:2', 'email', 'Hi', 'a@example.org',
                        'r1@example.com', '', '', '<1@example.org>', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                    """)
            for (kind, at) in [("sending", "2026-01-01T00:00:01Z"), ("sent", "2026-01-01T00:00:02Z")] {
                try db.execute(
                    sql: "INSERT INTO event (letterId, at, kind, detail, replyCode) VALUES (1, ?, ?, 'x', 250)",
                    arguments: [at, kind])
            }
        }
        try old.close()

        let queue = try LetterQueue(file: file)
        XCTAssertEqual(try queue.events(letterId: 1).map(\.kind), [.drafted, .sending, .sent])
        try queue.read { db in
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'event'") ?? ""
            XCTAssertFalse(table.uppercased().contains("AUTOINCREMENT"), table)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'event'"), 0)
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'event' AND type IN ('index', 'trigger')")
            XCTAssertEqual(Set(names), ["eventLetter", "eventAppendOnlyUpdate", "eventAppendOnlyDelete"])
            XCTAssertEqual(
                try Row.fetchAll(db, sql: "PRAGMA table_info(sendClaim)").map { $0["name"] as String },
                ["letterId", "attempts", "status", "bootId"])
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, 0)
        }
        // New events follow the old ones, and the triggers still refuse changes.
        try queue.write { writer in
            try writer.addEvent(letterId: 1, kind: .edited, detail: "", at: "2026-01-02T00:00:00Z")
            XCTAssertEqual(try Int64.fetchOne(writer.db, sql: "SELECT MAX(id) FROM event"), 3)
            XCTAssertThrowsError(try writer.db.execute(sql: "DELETE FROM event"))
        }
        // Every kind of event the rebuilt table is to hold, those of replies and tests included
        // (replied, auto-replied, bounced, delayed, test-sent): `kind` has no CHECK to refuse one.
        let kinds = EventKind.allCases.filter { $0 != .drafted }
        try queue.write { writer in
            for kind in kinds { try writer.addEvent(letterId: 1, kind: kind, detail: "", at: "2026-01-03T00:00:00Z") }
        }
        XCTAssertEqual(try queue.events(letterId: 1).map(\.kind), [.drafted, .sending, .sent, .edited] + kinds)
    }

    /// A send run skips the CHECK constraints on its connection (SendBooks) because it writes
    /// only `LetterStatus` raw values: they must be the schema's list, no more, no less.
    func testTheStatusesTheSchemaAllowsAreLetterStatus() throws {
        let test = try TestQueue()
        let table = try test.queue.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'letter'") ?? ""
        }
        let check = try XCTUnwrap(table.range(of: #"status IN\s*\(([^)]*)\)"#, options: .regularExpression))
        let listed = table[check].split(separator: "(")[1].split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n')"))
        }
        XCTAssertEqual(Set(listed), Set(LetterStatus.allCases.map(\.rawValue)))
        // v3's rebuilt table, with the statuses `outreach replies` gives.
        XCTAssertTrue(listed.contains("replied") && listed.contains("bounced"), "\(listed)")
    }

    /// The same for `envelopeRecipient.state`: the run writes only `RecipientState` raw values
    /// there (SendBooks), with the CHECK constraints off on its connection.
    func testTheRecipientStatesTheSchemaAllowsAreRecipientState() throws {
        let test = try TestQueue()
        let table = try test.queue.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'envelopeRecipient'") ?? ""
        }
        let check = try XCTUnwrap(table.range(of: #"state IN\s*\(([^)]*)\)"#, options: .regularExpression))
        let listed = table[check].split(separator: "(")[1].split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n')"))
        }
        XCTAssertEqual(Set(listed), Set(RecipientState.allCases.map(\.rawValue)))
    }

    /// A draft writes its letters with the CHECK constraints off (DraftBooks) because it writes
    /// only `Channel` raw values to `letter.channel` and `EnvelopeRole` raw values to
    /// `envelopeRecipient.role`: they must be the schema's lists, no more, no less.
    func testTheChannelsAndEnvelopeRolesTheSchemaAllowsAreTheEnums() throws {
        let test = try TestQueue()
        func listed(_ column: String, in name: String) throws -> [String] {
            let table = try test.queue.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name]) ?? ""
            }
            let check = try XCTUnwrap(table.range(of: column + #" IN\s*\(([^)]*)\)"#, options: .regularExpression))
            return table[check].split(separator: "(")[1].split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n')"))
            }
        }
        XCTAssertEqual(Set(try listed("channel", in: "letter")), Set(Channel.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(try listed("role", in: "envelopeRecipient")), Set(EnvelopeRole.allCases.map(\.rawValue)))
    }

    /// The CHECK constraints a draft's inserts turn off are on again once its transaction ends:
    /// the next write on the same connection is refused a status outside the list.
    func testTheChecksAreOnAgainAfterADraft() throws {
        let test = try TestQueue()
        try test.draft([.email])
        XCTAssertThrowsError(
            try test.queue.write { writer in
                try writer.db.execute(sql: "UPDATE letter SET status = 'lost' WHERE id = 1")
            }
        ) { error in
            XCTAssertTrue("\(error)".contains("CHECK"), "\(error)")
        }
    }
}
