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

    private func claim(_ id: Int64) -> SendJournal.Claim {
        SendJournal.Claim(
            letter: letters[Int(id) - 1], server: "mail.example.org:587", timestamp: Timestamp.string(TestQueue.now),
            dateField: "Sun, 29 Nov 2026 08:07:21 +0000")
    }

    private func report(_ letter: Letter) -> SendProgress {
        SendProgress(
            index: 1, total: 1, letter: letter, outcome: .sent(reply: "250 ok", refused: []), summary: SendSummary(),
            elapsed: 0)
    }

    /// Runs `body` with a journal on the queue's connection (which it holds: read through it).
    private func withJournal(_ body: (SendJournal, Database) throws -> Void) throws {
        try test.queue.session { session in
            try body(SendJournal(db: session.db) { self.reports.append($0.letter.id) }, session.db)
        }
    }

    private func content(_ work: WaitingWork) -> String? {
        work.content().map { String(decoding: $0, as: UTF8.self) }
    }

    func testAClaimIsCommittedBeforeTheContentAndTheOutcomeWaitsForTheNextClaim() throws {
        try withJournal { journal, db in
            let work = journal.transfer(claim(1))
            XCTAssertEqual(work.neededBeforeContent, 2)
            work.steps[0]()
            guard case .claimed = journal.state else { return XCTFail("open claims the letter: \(journal.state)") }
            work.steps[1]()
            guard case .committed = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertEqual(try journal.status(of: 1), .sending)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT attempts FROM letter WHERE id = 1"), 1)
            XCTAssertTrue(
                content(work)?.hasPrefix("Date: Sun, 29 Nov 2026 08:07:21 +0000\r\n") ?? false, "the Date restamped")
            work.steps[2]()
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
            XCTAssertEqual(reports, [1], "reported once committed")
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
            guard case .unclaimable = journal.state else { return XCTFail("open: \(journal.state)") }
            work.steps[1]()
            guard case .withheld = journal.state else { return XCTFail("commit: \(journal.state)") }
            XCTAssertNil(work.content(), "no content for a letter not claimed")
            work.steps[2]()
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
        }
    }
}
