import GRDB
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// The migrations on a real file: a queue of an earlier version keeps its data.
final class QueueMigrationsTests: XCTestCase {
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
            XCTAssertTrue(try db.tableExists("sendClaim"))
        }
        // New events follow the old ones, and the triggers still refuse changes.
        try queue.write { writer in
            try writer.addEvent(letterId: 1, kind: .edited, detail: "", at: "2026-01-02T00:00:00Z")
            XCTAssertEqual(try Int64.fetchOne(writer.db, sql: "SELECT MAX(id) FROM event"), 3)
            XCTAssertThrowsError(try writer.db.execute(sql: "DELETE FROM event"))
        }
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
    }
}
