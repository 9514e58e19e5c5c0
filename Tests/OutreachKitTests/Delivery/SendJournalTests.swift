import GRDB
import XCTest

@testable import OutreachKit

/// The send journal's states and transitions, on a real queue, with no server: the steps are
/// run here in the order `SMTPClient.deliver` runs them.
final class SendJournalTests: XCTestCase {
    private var test: TestQueue!
    /// The letters as drafted, read before the journal holds the connection.
    private var letters: [Letter] = []
    private var reports: [Int64] = []

    override func setUpWithError() throws {
        test = try TestQueue()
        letters = try test.draft([.email, .email, .email])
        reports = []
    }

    private func claim(_ id: Int64) -> SendJournal.HandOver {
        SendJournal.HandOver(
            letter: letters[Int(id) - 1], index: Int(id) - 1, server: "mail.example.org:587",
            timestamp: Timestamp.string(TestQueue.now), dateField: "Sun, 29 Nov 2026 08:07:21 +0000")
    }

    private func report(_ letter: Letter) -> SendProgress {
        SendProgress(
            index: 1, total: 1, letter: letter, outcome: .sent(reply: "250 ok", refused: []), summary: SendSummary(),
            elapsed: 0)
    }

    /// Runs `body` with a journal on the queue's connection (which it holds: read through it),
    /// unpaced (`interval` 0) unless told.
    private func withJournal(interval: Double = 0, _ body: (SendJournal, Database) throws -> Void) throws {
        let sync = try CommitSync(file: test.queue.durableFile) {}
        defer { XCTAssertNoThrow(try sync.finish()) }
        try test.queue.session { session in
            let journal = try SendJournal(
                db: session.db, letters: letters, interval: interval, sync: sync, bootId: "boot-1"
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

    func testAMarkIsCommittedBeforeTheContentAndTheOutcomeWaitsForTheNextMark() throws {
        try withJournal { journal, db in
            let work = journal.transfer(claim(1))
            XCTAssertEqual(work.neededBeforeContent, 3)
            work.steps[0]()
            guard case .marked = journal.state else { return XCTFail("open marks the letter: \(journal.state)") }
            work.steps[1]()
            guard case .prepared = journal.state else { return XCTFail("prepare: \(journal.state)") }
            work.steps[2]()
            guard case .committed = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertEqual(try journal.status(of: 1), .sending)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT attempts FROM letter WHERE id = 1"), 1)
            XCTAssertEqual(try claims(db), [[1, 0]], "the first letter is claimed alone, as it was before its mark")
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT bootId FROM sendClaim"), "boot-1")
            XCTAssertTrue(
                content(work)?.hasPrefix("Date: Sun, 29 Nov 2026 08:07:21 +0000\r\n") ?? false, "the Date restamped")
            work.whileWaiting()
            XCTAssertEqual(reports, [], "nothing was carried")

            let sent = DeliveryRecord(
                applying: .sent(reply: "250 ok", refused: []), to: claim(1).letter, at: TestQueue.now)
            journal.record(sent, report: report(sent.letter))
            guard case .idle = journal.state else { return XCTFail("record: \(journal.state)") }
            XCTAssertEqual(try journal.status(of: 1), .sending, "not stored yet: it goes with the next claim")

            let next = journal.transfer(claim(2))
            for step in next.steps { step() }
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(try journal.status(of: 2), .sending)
            // Letter 1's claim went with its outcome; letter 2's came with its mark (and letter
            // 3's too when letter 1's content had to wait for its claim's sync).
            let claimed = try claims(db)
            XCTAssertEqual(claimed.first, [2, 0], "\(claimed)")
            XCTAssertTrue(claimed.count <= 2, "\(claimed)")
            XCTAssertNotNil(next.content(), "once its claim is on disk")
            try journal.reportAll()
            XCTAssertEqual(reports, [1], "reported once on disk")
            try journal.finish()
            XCTAssertEqual(try claims(db), [], "the end of a run drops every claim")
        }
        let kinds = try test.queue.events(letterId: 1).map(\.kind)
        XCTAssertEqual(kinds, [.drafted, .sending, .sent])
    }

    func testALetterDiscardedMeanwhileIsWithheldAndThePreviousOutcomeStillStored() throws {
        _ = try test.queue.discard(ids: [2])
        try withJournal { journal, db in
            for step in journal.transfer(claim(1)).steps { step() }
            let sent = DeliveryRecord(
                applying: .sent(reply: "250 ok", refused: []), to: claim(1).letter, at: TestQueue.now)
            journal.record(sent, report: report(sent.letter))
            let work = journal.transfer(claim(2))
            work.steps[0]()
            guard case .unsendable(prepared: false) = journal.state else { return XCTFail("open: \(journal.state)") }
            work.steps[1]()
            guard case .unsendable(prepared: true) = journal.state else {
                return XCTFail("prepare: \(journal.state)")
            }
            work.steps[2]()
            guard case .withheld = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertNil(work.content(), "no content for a letter not marked")
            try journal.reportAll()
            XCTAssertEqual(reports, [1])
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(try journal.status(of: 2), .discarded)
            journal.skip()
            guard case .idle = journal.state else { return XCTFail("skip: \(journal.state)") }
        }
    }

    func testAFailedStepRollsBackAndTheCarriedOutcomeCanBeStoredAlone() throws {
        // A letter whose message is gone makes the claim's read fail inside the transaction.
        try test.queue.write { writer in try writer.db.execute(sql: "DELETE FROM message WHERE letterId = 2") }
        try withJournal { journal, db in
            for step in journal.transfer(claim(1)).steps { step() }
            let sent = DeliveryRecord(
                applying: .sent(reply: "250 ok", refused: []), to: claim(1).letter, at: TestQueue.now)
            journal.record(sent, report: report(sent.letter))
            let work = journal.transfer(claim(2))
            for step in work.steps { step() }
            guard case .failed(let error) = journal.state else { return XCTFail("open: \(journal.state)") }
            XCTAssertEqual(error as? QueueError, .noSuchLetter(id: 2))
            XCTAssertNil(work.content())
            XCTAssertEqual(try journal.status(of: 1), .sending, "the outcome was rolled back with the claim")
            XCTAssertEqual(try journal.status(of: 2), .drafted, "the claim was rolled back")
            XCTAssertEqual(reports, [])
            journal.recover()
            guard case .idle = journal.state else { return XCTFail("recover: \(journal.state)") }
            try journal.storePending()
            XCTAssertEqual(try journal.status(of: 1), .sent)
            XCTAssertEqual(reports, [1])
            try journal.storePending()
            XCTAssertEqual(reports, [1], "stored once")
            XCTAssertTrue(journal.salvage().isEmpty, "nothing is left unrecorded")
        }
    }

    func testAnOutcomeTheQueueCannotTakeIsSalvaged() throws {
        try withJournal { journal, db in
            for step in journal.transfer(claim(1)).steps { step() }
            let sent = DeliveryRecord(
                applying: .sent(reply: "250 ok", refused: []), to: claim(1).letter, at: TestQueue.now)
            journal.record(sent, report: report(sent.letter))
            // The letter's row refuses every write: storing the outcome fails.
            try db.execute(
                sql: "CREATE TEMP TRIGGER refuse BEFORE UPDATE ON letter BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            XCTAssertThrowsError(try journal.finish())
            let lost = journal.salvage()
            XCTAssertEqual(lost.map(\.record.stored), [sent.stored])
            XCTAssertEqual(reports, [], "an outcome not on disk is not reported")
            try db.execute(sql: "DROP TRIGGER refuse")
        }
    }

    func testAFastRunClaimsAheadWithinTheLimitAndReportsEveryOutcome() throws {
        letters += try test.draft(Array(repeating: .email, count: 20))
        try withJournal { journal, db in
            var waited: [Int] = []
            for id in Int64(1)...12 {
                let work = journal.transfer(claim(id))
                for step in work.steps { step() }
                let before = try claims(db).count
                XCTAssertNotNil(work.content())
                waited.append(before)
                let record = DeliveryRecord(
                    applying: .sent(reply: "250 ok", refused: []), to: claim(id).letter, at: TestQueue.now)
                journal.record(record, report: report(record.letter))
            }
            // Claimed rows when each letter went: the first alone; then as many ahead as the
            // contents that waited for their claim's sync asked for (ClaimWindowTests), never
            // more than the limit.
            XCTAssertEqual(waited.first, 1)
            XCTAssertTrue(waited.allSatisfy { (1...ClaimWindow.limit).contains($0) }, "\(waited)")
            try journal.finish()
            XCTAssertEqual(reports, Array(1...12))
        }
    }

    func testAPacedRunClaimsOneLetterAtATime() throws {
        try withJournal(interval: 3) { journal, db in
            for id in Int64(1)...3 {
                let work = journal.transfer(claim(id))
                for step in work.steps { step() }
                XCTAssertEqual(try claims(db), [[id, 0]])
                XCTAssertNotNil(work.content())
                let record = DeliveryRecord(
                    applying: .sent(reply: "250 ok", refused: []), to: claim(id).letter, at: TestQueue.now)
                journal.record(record, report: report(record.letter))
                try journal.storePending()
                XCTAssertEqual(reports.last, id, "a paced run reports each outcome at once")
            }
        }
    }
}
