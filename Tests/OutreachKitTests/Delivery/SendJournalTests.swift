import GRDB
import GRDBSQLite
import XCTest

@testable import OutreachKit

/// The send journal's states and records, on a real queue, with no server: the steps are run
/// here in the order `SMTPClient.deliver` runs them.
final class SendJournalTests: XCTestCase {
    private var test: TestQueue!
    /// The letters as drafted, read before the journal holds the connection.
    private var letters: [Letter] = []
    private var reports: [Int64] = []
    private var log: HandOverLog!

    override func setUpWithError() throws {
        test = try TestQueue()
        letters = try test.draft([.email, .email, .email])
        reports = []
        log = HandOverLog(database: test.queue.file)
        try log.open(bootId: "boot-1")
    }

    private func handOver(_ id: Int64) -> SendJournal.HandOver {
        SendJournal.HandOver(
            letterId: id, attempts: letters[Int(id) - 1].attempts, index: Int(id) - 1, server: "mail.example.org:587",
            timestamp: Timestamp.string(TestQueue.now), dateField: "Sun, 29 Nov 2026 08:07:21 +0000")
    }

    private func report(_ letter: Letter) -> SendProgress {
        SendProgress(
            index: 1, total: 1, letter: letter, outcome: .sent(reply: "250 ok", refused: []), summary: SendSummary(),
            elapsed: 0)
    }

    private func sent(_ id: Int64) -> DeliveryRecord {
        DeliveryRecord(applying: .sent(reply: "250 ok", refused: []), to: letters[Int(id) - 1], at: TestQueue.now)
    }

    /// Runs `body` with a journal on the queue's connection (which it holds: read through it),
    /// unpaced (`interval` 0) unless told.
    private func withJournal(interval: Double = 0, _ body: (SendJournal, Database) throws -> Void) throws {
        let sync = try CommitSync(file: test.queue.durableFile) {}
        defer { XCTAssertNoThrow(try sync.finish()) }
        try test.queue.session { session in
            let journal = try SendJournal(
                db: session.db, letters: letters, interval: interval, sync: sync, log: log, bootId: "boot-1"
            ) { self.reports.append($0.letter.id) }
            try body(journal, session.db)
        }
    }

    private func claims(_ db: Database) throws -> [[Int64]] {
        try Row.fetchAll(db, sql: "SELECT letterId, attempts FROM sendClaim ORDER BY letterId").map { [$0[0], $0[1]] }
    }

    private func content(_ work: WaitingWork) -> String? {
        work.content().map { String(decoding: $0, as: UTF8.self) }
    }

    private func notes() -> [HandOverLog.Entry] {
        HandOverLog.read(database: test.queue.file, bootId: "boot-1")
    }

    func testAMarkIsCommittedBeforeTheContentAndOutcomesGoToTheQueueInBatches() throws {
        try withJournal { journal, db in
            let work = journal.transfer(handOver(1))
            XCTAssertEqual(work.neededBeforeContent, 2)
            work.steps[0]()
            guard case .marked = journal.state else { return XCTFail("open marks the letter: \(journal.state)") }
            work.steps[1]()
            guard case .committed = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertEqual(try journal.status(of: 1), .sending)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT attempts FROM letter WHERE id = 1"), 1)
            XCTAssertEqual(try claims(db), [[1, 0]], "the first letter is claimed alone, as it was before its mark")
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT bootId FROM sendClaim"), "boot-1")
            XCTAssertEqual(notes().map(\.letterId), [1], "noted as on its way")
            XCTAssertEqual(notes().first?.sending.dateField, "Sun, 29 Nov 2026 08:07:21 +0000")
            XCTAssertTrue(
                content(work)?.hasPrefix("Date: Sun, 29 Nov 2026 08:07:21 +0000\r\n") ?? false, "the Date restamped")

            journal.record(sent(1), report: report(sent(1).letter))
            guard case .idle = journal.state else { return XCTFail("record: \(journal.state)") }
            XCTAssertEqual(notes().first?.outcome?.status, .sent, "the outcome noted at once")
            XCTAssertEqual(try journal.status(of: 1), .sending, "not stored yet: it goes with a batch")
            XCTAssertEqual(reports, [], "not reported before it is on disk")
            try journal.storePending()
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(reports, [1])
            try journal.finish()
            XCTAssertEqual(try claims(db), [], "the end of a run drops every claim")
            XCTAssertFalse(FileManager.default.fileExists(atPath: log.path), "and its notes")
        }
        XCTAssertEqual(try test.queue.events(letterId: 1).map(\.kind), [.drafted, .sending, .sent])
        XCTAssertEqual(
            try test.queue.messageAsSent(id: 1).prefix(37), Array("Date: Sun, 29 Nov 2026 08:07:21 +0000".utf8)[...])
    }

    func testWaitingOutcomesGoToTheQueueWhileTheServerIsSlow() throws {
        try withJournal { journal, _ in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            for step in journal.transfer(handOver(2)).steps { step() }
            journal.whileWaiting()
            usleep(UInt32(SendJournal.flushInterval * 2_000_000))
            journal.whileWaiting()
            XCTAssertEqual(try journal.status(of: 1), .sent, "a wait writes the outcome")
            XCTAssertEqual(try journal.status(of: 2), .sending)
            try journal.reportAll()
            XCTAssertEqual(reports, [1])
        }
    }

    func testALetterDiscardedMeanwhileIsWithheldAndThePreviousOutcomeStillStored() throws {
        _ = try test.queue.discard(ids: [2])
        try withJournal { journal, _ in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            let work = journal.transfer(handOver(2))
            work.steps[0]()
            guard case .unsendable = journal.state else { return XCTFail("open: \(journal.state)") }
            work.steps[1]()
            guard case .withheld = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertNil(work.content(), "no content for a letter not marked")
            journal.skip(report: report(letters[1]))
            guard case .idle = journal.state else { return XCTFail("skip: \(journal.state)") }
            try journal.finish()
            XCTAssertEqual(reports, [1, 2], "in order")
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(try journal.status(of: 2), .discarded)
        }
        XCTAssertEqual(try test.queue.events(letterId: 2).map(\.kind), [.drafted, .discarded])
    }

    func testAFailedStepRollsBackAndTheWaitingOutcomeCanBeStoredAlone() throws {
        // A letter whose message is gone makes its mark's read fail inside the transaction.
        try test.queue.write { writer in try writer.db.execute(sql: "DELETE FROM message WHERE letterId = 2") }
        try withJournal { journal, _ in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            let work = journal.transfer(handOver(2))
            for step in work.steps { step() }
            guard case .failed(let error) = journal.state else { return XCTFail("open: \(journal.state)") }
            XCTAssertEqual(error as? QueueError, .noSuchLetter(id: 2))
            XCTAssertNil(work.content())
            XCTAssertEqual(try journal.status(of: 1), .sending, "its outcome was rolled back, if it went")
            XCTAssertEqual(try journal.status(of: 2), .drafted, "the mark was rolled back")
            XCTAssertEqual(reports, [])
            journal.recover()
            guard case .idle = journal.state else { return XCTFail("recover: \(journal.state)") }
            try journal.storePending()
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(reports, [1])
            XCTAssertTrue(journal.salvage().isEmpty, "nothing is left unrecorded")
        }
    }

    func testAnOutcomeTheQueueCannotTakeIsSalvagedWithItsSendingEvent() throws {
        try withJournal { journal, db in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            // The letter's row refuses every write: storing the outcome fails. (A trigger of the
            // queue's, not a TEMP one: the books write on a connection of their own.)
            try db.execute(
                sql: "CREATE TRIGGER refuse BEFORE UPDATE ON letter BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            XCTAssertThrowsError(try journal.finish())
            let lost = journal.salvage()
            var expected = sent(1).stored
            expected.sending = handOver(1).sending
            XCTAssertEqual(lost.map(\.stored), [expected])
            XCTAssertEqual(reports, [], "an outcome not on disk is not reported")
            try db.execute(sql: "DROP TRIGGER refuse")
        }
    }

    func testAFastRunClaimsAheadWithinTheLimitAndReportsEveryOutcome() throws {
        letters += try test.draft(Array(repeating: .email, count: 20))
        try withJournal { journal, db in
            var claimed: [Int] = []
            for id in Int64(1)...12 {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                claimed.append(try claims(db).count)
                XCTAssertNotNil(work.content())
                journal.record(sent(id), report: report(sent(id).letter))
            }
            // Claims when each letter went: the first alone; then as many ahead as the contents
            // that waited for their claim's sync asked for (ClaimWindowTests), never more than
            // the limit.
            XCTAssertEqual(claimed.first, 1)
            XCTAssertTrue(claimed.allSatisfy { (1...ClaimWindow.limit).contains($0) }, "\(claimed)")
            try journal.finish()
            XCTAssertEqual(reports, Array(1...12))
        }
        XCTAssertEqual(try test.queue.letters().prefix(12).map(\.status), Array(repeating: .sent, count: 12))
    }

    /// Past its first letters, a fast run writes its batches (the outcomes waiting, the claims
    /// ahead) on the books thread while its letters go: every outcome is stored and reported
    /// once, in order, and no letter goes before its claim is committed, within the limit.
    func testAFastRunWritesItsBatchesWhileItsLettersGo() throws {
        letters += try test.draft(Array(repeating: .email, count: 297))
        try withJournal { journal, db in
            for id in Int64(1)...300 {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                guard case .committed = journal.state else { return XCTFail("letter \(id): \(journal.state)") }
                let claimed = try claims(db).map { $0[0] }
                XCTAssertTrue(claimed.contains(id), "letter \(id) goes claimed (committed): \(claimed)")
                XCTAssertLessThanOrEqual(claimed.count, ClaimWindow.limit, "letter \(id)")
                XCTAssertNotNil(work.content())
                journal.record(sent(id), report: report(sent(id).letter))
            }
            try journal.finish()
            XCTAssertEqual(try claims(db), [], "no claim is left")
            XCTAssertGreaterThan(journal.batchesAside.written, 3, "batches written while letters went")
            XCTAssertEqual(journal.batchesAside.failed, 0)
        }
        XCTAssertEqual(reports, Array(1...300), "every letter reported once, in order")
        XCTAssertEqual(try test.queue.letters().map(\.status), Array(repeating: .sent, count: 300))
        for id in Int64(1)...300 {
            XCTAssertEqual(
                try test.queue.events(letterId: id).map(\.kind), [.drafted, .sending, .sent], "letter \(id)")
        }
    }

    /// A batch (claims and the outcomes waiting) that fails, past the first `markedLetters`,
    /// fails its letter's step before the content goes; the outcomes it carried wait again, and
    /// are stored once, by the next transaction.
    func testABatchThatFailsStopsALetterAndLosesNothing() throws {
        // Letter 8's outcome goes with a batch past the first 8 letters (within 32 outcomes).
        let (stopped, _) = try sendUntilABatchFails(storing: 8, of: 48)
        XCTAssertGreaterThan(stopped, 8)
    }

    /// A batch written on the books thread that fails fails the next letter's step, before its
    /// content goes; the outcomes it carried wait again and are stored once, at the end.
    func testABatchWrittenAsideThatFailsStopsTheNextLetterAndLosesNothing() throws {
        // Letter 150's outcome goes with a batch written while the letters after it go.
        let (stopped, aside) = try sendUntilABatchFails(storing: 150, of: 200)
        XCTAssertGreaterThan(stopped, 150)
        XCTAssertEqual(aside.failed, 1, "the failing batch was written aside")
    }

    /// Sends `total` letters through a fast run's journal while storing letter `refused`'s
    /// outcome fails (a trigger: "disk full"), until a step fails; then stores what waits, and
    /// checks that nothing was lost: each letter before the stop sent and reported once, in
    /// order, the stopped one untouched, no claim left.
    /// - Returns: the letter whose step failed, and the batches the journal wrote aside.
    private func sendUntilABatchFails(storing refused: Int64, of total: Int) throws -> (
        stopped: Int64, aside: (written: Int, failed: Int)
    ) {
        letters += try test.draft(Array(repeating: .email, count: total - letters.count))
        var stopped: Int64?
        var aside = (written: 0, failed: 0)
        try withJournal { journal, db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE UPDATE ON letter WHEN NEW.id = \(refused) AND NEW.status = 'sent'
                    BEGIN SELECT RAISE(ABORT, 'disk full'); END
                    """)
            for id in Int64(1)...Int64(total) {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                if case .failed(let error) = journal.state {
                    XCTAssertTrue("\(error)".contains("disk full"), "\(error)")
                    XCTAssertNil(work.content(), "letter \(id)'s content is withheld")
                    XCTAssertFalse(journal.isHandedOver)
                    stopped = id
                    break
                }
                XCTAssertNotNil(work.content(), "letter \(id)")
                journal.record(sent(id), report: report(sent(id).letter))
            }
            aside = journal.batchesAside
            journal.recover()
            try db.execute(sql: "DROP TRIGGER refuse")
            try journal.finish()
            XCTAssertEqual(try claims(db), [], "no claim is left")
        }
        let last = try XCTUnwrap(stopped, "the batch carrying letter \(refused)'s outcome failed a step")
        XCTAssertEqual(reports, Array(1..<last), "each outcome reported once, in order")
        let statuses = try test.queue.letters().prefix(Int(last)).map(\.status)
        XCTAssertEqual(statuses, Array(repeating: .sent, count: Int(last) - 1) + [.drafted])
        for id in Int64(1)..<last {
            XCTAssertEqual(
                try test.queue.events(letterId: id).map(\.kind), [.drafted, .sending, .sent], "letter \(id)")
        }
        XCTAssertEqual(try test.queue.events(letterId: last).map(\.kind), [.drafted])
        return (last, aside)
    }

    /// A batch written aside that fails while a letter's transfer waits for the server is
    /// collected there (`whileWaiting`, as `CurlEasy.perform` calls it at every wait), not at the
    /// next letter's step: that step still fails, whatever the waiting work does meanwhile (it
    /// tries to store the outcomes waiting, which must not consume the failure).
    func testABatchThatFailsWhileTheServerAnswersStillStopsTheNextLetter() throws {
        letters += try test.draft(Array(repeating: .email, count: 197))
        var collectedAt: Int64?
        var stopped: Int64?
        try withJournal { journal, db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE UPDATE ON letter WHEN NEW.id = 150 AND NEW.status = 'sent'
                    BEGIN SELECT RAISE(ABORT, 'disk full'); END
                    """)
            for id in Int64(1)...200 {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                if case .failed(let error) = journal.state {
                    XCTAssertTrue("\(error)".contains("disk full"), "\(error)")
                    XCTAssertNil(work.content(), "letter \(id)'s content is withheld")
                    stopped = id
                    break
                }
                // The server answers slowly: the waiting work runs until the batch under way, if
                // any, has ended and been collected (a bound only ends a broken test).
                let deadline = Date().addingTimeInterval(30)
                while journal.isWritingBatch && Date() < deadline { work.whileWaiting() }
                XCTAssertFalse(journal.isWritingBatch, "letter \(id): the batch ended")
                if journal.batchesAside.failed > 0 && collectedAt == nil { collectedAt = id }
                XCTAssertNotNil(work.content(), "letter \(id)")
                journal.record(sent(id), report: report(sent(id).letter))
                // Later waits of the same transfer: the outcomes waiting are due by now.
                work.whileWaiting()
            }
            journal.recover()
            try db.execute(sql: "DROP TRIGGER refuse")
            try journal.finish()
        }
        let collected = try XCTUnwrap(collectedAt, "the batch carrying letter 150's outcome failed as a letter waited")
        XCTAssertEqual(stopped, collected + 1, "the letter after the one whose wait saw the batch fail is stopped")
        XCTAssertEqual(reports, Array(1..<(collected + 1)), "each outcome reported once, in order")
        XCTAssertEqual(try test.queue.letters().prefix(Int(collected) + 1).map(\.status).last, .drafted)
    }

    /// Past its first `markedLetters`, a fast run claims letters in groups with the outcomes
    /// waiting: a letter discarded after the run planned it is read so by its claim, and withheld.
    func testAGroupOfClaimsWithholdsALetterDiscardedMeanwhile() throws {
        letters += try test.draft(Array(repeating: .email, count: 17))
        _ = try test.queue.discard(ids: [15])
        try withJournal { journal, _ in
            for id in Int64(1)...20 {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                if id == 15 {
                    guard case .withheld = journal.state else { return XCTFail("letter 15: \(journal.state)") }
                    XCTAssertNil(work.content(), "nothing of a discarded letter goes")
                    journal.skip(report: report(letters[14]))
                    continue
                }
                guard case .committed = journal.state else { return XCTFail("letter \(id): \(journal.state)") }
                XCTAssertNotNil(work.content())
                journal.record(sent(id), report: report(sent(id).letter))
            }
            try journal.finish()
            XCTAssertEqual(reports, Array(1...20), "every letter reported once, in order")
        }
        let statuses = try test.queue.letters().prefix(20).map(\.status)
        XCTAssertEqual(statuses, Array(repeating: .sent, count: 14) + [.discarded] + Array(repeating: .sent, count: 5))
        for id in Int64(1)...20 where id != 15 {
            XCTAssertEqual(
                try test.queue.events(letterId: id).map(\.kind), [.drafted, .sending, .sent], "letter \(id)")
        }
        XCTAssertEqual(try test.queue.events(letterId: 15).map(\.kind), [.drafted, .discarded])
    }

    /// SQLite counts no memory (`SQLiteSetup`: the count took a process-wide mutex at every
    /// allocation), nor does it open connections with a mutex of their own: once a queue is
    /// open, a run's writes leave the count at zero. (In a process where some test opened SQLite
    /// before any queue, as `script/test --serial` runs them, the settings cannot take effect:
    /// then the count must show it. Run alone, or in parallel, each test has a process of its own.)
    func testSQLiteCountsNoMemoryAndTakesNoMutexPerConnection() throws {
        try withJournal { journal, db in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            try journal.finish()
            XCTAssertNil(sqlite3_db_mutex(try XCTUnwrap(db.sqliteConnection)))
        }
        if SQLiteSetup.configured {
            XCTAssertEqual(sqlite3_memory_used(), 0, "no memory counted")
        } else {
            XCTAssertGreaterThan(sqlite3_memory_used(), 0, "SQLite was opened before any queue: it counts")
        }
        XCTAssertEqual(try test.letter(1).status, .sent)
    }

    /// The books' own connection skips the CHECK constraints and the foreign keys (SendBooks);
    /// the run's GRDB connection enforces both, during the run and after it.
    func testOnlyTheBooksConnectionSkipsTheChecksAndForeignKeys() throws {
        try withJournal { journal, db in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(sent(1), report: report(sent(1).letter))
            try journal.finish()
            XCTAssertEqual(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"), true, "on during the run")
            let books = try SendBooks(db: db)
            XCTAssertEqual(integers(books.connection, "PRAGMA foreign_keys"), [0])
            XCTAssertEqual(integers(books.connection, "PRAGMA ignore_check_constraints"), [1])
            let synchronous = try XCTUnwrap(Int64.fetchOne(db, sql: "PRAGMA synchronous"))
            XCTAssertEqual(integers(books.connection, "PRAGMA synchronous"), [synchronous], "as the run's connection")
            XCTAssertEqual(integers(books.connection, "PRAGMA busy_timeout"), [10_000])
            XCTAssertNil(sqlite3_db_mutex(books.connection), "no mutex: one thread at a time uses the books")
        }
        try test.queue.session { session in
            XCTAssertEqual(try Bool.fetchOne(session.db, sql: "PRAGMA foreign_keys"), true)
            XCTAssertThrowsError(
                try session.db.execute(
                    sql: "INSERT INTO event (letterId, at, kind) VALUES (999, '2026-11-29T08:07:21Z', 'sent')")
            ) { error in
                XCTAssertTrue("\(error)".contains("FOREIGN KEY"), "\(error)")
            }
            XCTAssertThrowsError(try session.db.execute(sql: "UPDATE letter SET status = 'lost' WHERE id = 1")) {
                error in
                XCTAssertTrue("\(error)".contains("CHECK"), "\(error)")
            }
        }
        XCTAssertEqual(try test.letter(1).status, .sent)
    }

    /// The integers in the first column of `sql`'s rows, read on `connection`.
    private func integers(_ connection: OpaquePointer, _ sql: String) -> [Int64] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else { return [] }
        defer { sqlite3_finalize(statement) }
        var values: [Int64] = []
        while sqlite3_step(statement) == SQLITE_ROW { values.append(sqlite3_column_int64(statement, 0)) }
        return values
    }

    /// A statement of several rows that fails part-way (`OR FAIL`, no statement journal) keeps
    /// the rows before the failing one only until the rollback that every failure brings: then
    /// nothing of its transaction is left.
    func testAGroupOfClaimsThatFailsPartWayLeavesNothingAfterTheRollback() throws {
        letters += try test.draft(Array(repeating: .email, count: 6))
        try test.queue.session { session in
            let books = try SendBooks(db: session.db)
            try books.begin()
            var group = letters.prefix(SendBooks.claimBatch).map { (id: $0.id, attempts: 0, status: $0.status) }
            group[4] = group[1]
            XCTAssertThrowsError(try books.claim(group, bootId: "boot-1")) { error in
                XCTAssertTrue("\(error)".contains("UNIQUE"), "\(error)")
            }
            let claimed = "SELECT letterId FROM sendClaim ORDER BY letterId"
            XCTAssertEqual(integers(books.connection, claimed), [1, 2, 3, 4], "the rows before the failing one")
            books.rollback()
            XCTAssertEqual(integers(books.connection, claimed), [])
            XCTAssertEqual(try claims(session.db), [])
        }
    }

    func testAPacedRunClaimsOneLetterAtATime() throws {
        try withJournal(interval: 3) { journal, db in
            for id in Int64(1)...3 {
                let work = journal.transfer(handOver(id))
                for step in work.steps { step() }
                XCTAssertEqual(try claims(db), [[id, 0]])
                XCTAssertNotNil(work.content())
                journal.record(sent(id), report: report(sent(id).letter))
                try journal.storePending()
                XCTAssertEqual(reports.last, id, "a paced run reports each outcome at once")
            }
        }
    }

    /// A letter whose To was deferred while its Cc was taken: each envelope recipient's state is
    /// noted with the outcome and stored in the same batch as the letter's, never apart.
    func testEachRecipientsStateGoesWithItsLettersOutcome() throws {
        try test.queue.write { writer in
            try writer.db.execute(sql: "UPDATE letter SET envelopeTo = 'r1@example.com cc@example.org' WHERE id = 1")
            try writer.db.execute(sql: "DELETE FROM envelopeRecipient WHERE letterId = 1")
            try writer.insertEnvelope(letterId: 1, addresses: ["r1@example.com", "cc@example.org"], roles: [.to, .cc])
        }
        let targets = try test.queue.envelope(letterId: 1)
        XCTAssertEqual(targets.map(\.role), [.to, .cc])
        var replies = RecipientReplies()
        replies.rcpt = ["r1@example.com": (451, "451 4.7.1 later"), "cc@example.org": (250, "250 2.1.5 Ok")]
        replies.accepted = "250 2.0.0 queued"
        let record = DeliveryRecord(
            applying: .deferred(code: 451, reply: "451 4.7.1 later", refused: []), to: letters[0],
            envelope: targets, replies: replies, at: TestQueue.now)
        try withJournal { journal, db in
            for step in journal.transfer(handOver(1)).steps { step() }
            journal.record(record, report: report(record.letter))
            XCTAssertEqual(
                notes().first?.outcome?.recipients.map(\.state), [.deferred, .accepted], "noted with the outcome")
            XCTAssertEqual(
                try String.fetchAll(
                    db, sql: "SELECT state FROM envelopeRecipient WHERE letterId = 1 ORDER BY position"),
                ["pending", "pending"], "not in the queue before its batch")
            try journal.finish()
        }
        XCTAssertEqual(try test.letter(1).status, .deferred)
        XCTAssertEqual(
            try test.queue.envelope(letterId: 1).map { "\($0.position) \($0.state.rawValue) \($0.reply)" },
            ["0 deferred 451 4.7.1 later", "1 accepted 250 2.0.0 queued"])
        // Unrecorded, such an outcome is named with the letters the server took: its copy went.
        let taken = SendJournal.Outcome(record: record, report: report(record.letter), stored: record.stored)
        XCTAssertTrue(taken.wasTaken)
        let deferred = DeliveryRecord(
            applying: .deferred(code: 451, reply: "451 4.7.1 later", refused: []), to: letters[0], at: TestQueue.now)
        XCTAssertFalse(
            SendJournal.Outcome(record: deferred, report: report(deferred.letter), stored: deferred.stored).wasTaken)
        XCTAssertTrue(SendJournal.Outcome(record: sent(1), report: report(letters[0]), stored: sent(1).stored).wasTaken)
    }
}
