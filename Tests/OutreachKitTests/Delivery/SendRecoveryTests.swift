import GRDB
import XCTest

@testable import OutreachKit

/// What a run does about a dead run, read from a real queue: the boot decides whether commits
/// that were not synced can be trusted.
final class SendRecoveryTests: XCTestCase {
    private var test: TestQueue!

    override func setUpWithError() throws {
        test = try TestQueue()
        try test.draft(Array(repeating: .email, count: 5))
    }

    /// As a run leaves it: letter 1 sent (claim left), 2 `sending`, 3 and 4 claimed ahead, 5 not.
    private func leaveARun(boot: String) throws {
        try test.set(1, status: .sent, lastReply: "250 ok", sentAt: "2026-11-29T08:07:21Z")
        try test.set(2, status: .sending)
        try test.queue.write { writer in
            try writer.db.execute(sql: "UPDATE letter SET attempts = 1 WHERE id IN (1, 2)")
            for id in 1...4 {
                try writer.db.execute(
                    sql: "INSERT INTO sendClaim (letterId, attempts, bootId) VALUES (?, 0, ?)", arguments: [id, boot])
            }
        }
    }

    private func recovery(boot: String, kept: [StoredOutcome] = []) throws -> SendRecovery {
        try test.queue.read { db in try SendRecovery(db: db, kept: kept, boot: boot) }
    }

    func testAfterAKillOnlyTheLetterBeingSentIsUncertain() throws {
        try leaveARun(boot: "boot-1")
        let found = try recovery(boot: "boot-1")
        XCTAssertEqual(found.uncertain.map(\.id), [2])
        XCTAssertEqual(found.uncertain.map(\.cause), [.endedWhileSending])
        try Deliverer(queue: test.queue).recover(found, at: TestQueue.now)
        XCTAssertEqual(try test.queue.letters().map(\.status), [.sent, .unknown, .drafted, .drafted, .drafted])
        XCTAssertTrue(try recovery(boot: "boot-1").isEmpty, "the claims are dropped")
    }

    func testAfterAPowerLossEveryClaimedLetterWithoutAnOutcomeIsUncertain() throws {
        try leaveARun(boot: "boot-1")
        for boot in ["boot-2", ""] {
            let found = try recovery(boot: boot)
            XCTAssertEqual(found.uncertain.map(\.id), [2, 3, 4], "boot '\(boot)'")
            XCTAssertEqual(found.uncertain.map(\.cause), [.endedWhileSending, .systemStopped, .systemStopped])
        }
        try Deliverer(queue: test.queue).recover(try recovery(boot: "boot-2"), at: TestQueue.now)
        let letters = try test.queue.letters()
        XCTAssertEqual(letters.map(\.status), [.sent, .unknown, .unknown, .unknown, .drafted])
        XCTAssertEqual(letters.map(\.attempts), [1, 1, 1, 1, 0], "a hand-over that may have happened counts")
        XCTAssertEqual(letters[2].lastReply, SendRecovery.Cause.systemStopped.reason)
        XCTAssertEqual(try test.queue.events(letterId: 3).map(\.kind), [.drafted, .unknown])
    }

    func testAKeptOutcomeIsRecordedOnceAndOnlyWhenTheQueueLacksIt() throws {
        try leaveARun(boot: "boot-1")
        let accepted = StoredOutcome(
            letterId: 2, status: .sent, attempts: 1, lastReply: "250 queued", nextAttemptAt: nil,
            sentAt: "2026-11-29T08:07:22Z", updatedAt: "2026-11-29T08:07:22Z", kind: .sent, detail: "250 queued",
            replyCode: 250, at: "2026-11-29T08:07:22Z")
        // Letter 1's outcome is in the queue already: kept again, it is not applied twice.
        var stale = accepted
        stale.letterId = 1
        let found = try recovery(boot: "boot-1", kept: [accepted, stale])
        XCTAssertEqual(found.recorded.map(\.id), [2])
        XCTAssertEqual(found.uncertain.map(\.id), [], "recorded, not uncertain")
        try Deliverer(queue: test.queue).recover(found, at: TestQueue.now)
        XCTAssertEqual(try test.letter(2).status, .sent)
        XCTAssertEqual(try test.letter(2).lastReply, "250 queued")
        XCTAssertEqual(try test.queue.events(letterId: 2).map(\.kind), [.drafted, .sent])
        XCTAssertTrue(try recovery(boot: "boot-1", kept: [accepted]).recorded.isEmpty, "applied once")
    }

    func testThePlanAfterARecoveryLeavesTheUncertainLettersOutUnlessAsked() throws {
        try leaveARun(boot: "boot-1")
        let deliverer = Deliverer(queue: test.queue)
        let found = try recovery(boot: "boot-2")
        let request = SendRequest(rate: 0, dailyCap: 0)
        XCTAssertEqual(try deliverer.plan(request, after: found, at: TestQueue.now).letters.map(\.id), [5])
        var retry = request
        retry.retryUnknown = true
        let plan = try deliverer.plan(retry, after: found, at: TestQueue.now)
        XCTAssertEqual(plan.letters.map(\.id), [2, 3, 4, 5])
        XCTAssertEqual(plan.letters.map(\.status), [.unknown, .unknown, .unknown, .drafted])
        var one = request
        one.ids = [3]
        XCTAssertEqual(
            try deliverer.plan(one, after: found, at: TestQueue.now).skipped.map(\.reason), [.mayHaveArrived])
    }

    func testAfterAKillTheNotesSayWhichLetterWasOnItsWayAndHowTheOthersEnded() throws {
        // A fast run's letters 1 and 2 went (their outcomes only in the notes: the queue shows
        // them drafted), letter 3 was on its way; 4 and 5 were claimed and never went.
        try test.queue.write { writer in
            for id in 1...5 {
                try writer.db.execute(
                    sql: "INSERT INTO sendClaim (letterId, attempts, bootId) VALUES (?, 0, 'boot-1')", arguments: [id])
            }
        }
        let sending = SendingEvent(
            timestamp: "2026-11-29T08:07:21Z", server: "mail.example.org:587",
            dateField: "Sun, 29 Nov 2026 00:07:21 -0800")
        func sent(_ id: Int64) -> StoredOutcome {
            StoredOutcome(
                letterId: id, status: .sent, attempts: 1, lastReply: "250 ok", nextAttemptAt: nil,
                sentAt: "2026-11-29T08:07:22Z", updatedAt: "2026-11-29T08:07:22Z", kind: .sent, detail: "250 ok",
                replyCode: 250, at: "2026-11-29T08:07:22Z", sending: sending)
        }
        let notes = [
            HandOverLog.Entry(letterId: 1, attempts: 0, sending: sending, outcome: sent(1)),
            HandOverLog.Entry(letterId: 2, attempts: 0, sending: sending, outcome: sent(2)),
            HandOverLog.Entry(letterId: 3, attempts: 0, sending: sending, outcome: nil),
        ]
        let found = try test.queue.read { db in
            try SendRecovery(db: db, kept: [], handOvers: notes, boot: "boot-1")
        }
        XCTAssertEqual(found.recorded.map(\.id), [1, 2])
        XCTAssertEqual(found.uncertain.map(\.id), [3], "only the letter on its way")
        try Deliverer(queue: test.queue).recover(found, at: TestQueue.now)
        XCTAssertEqual(try test.queue.letters().map(\.status), [.sent, .sent, .unknown, .drafted, .drafted])
        for id in Int64(1)...2 {
            XCTAssertEqual(try test.queue.events(letterId: id).map(\.kind), [.drafted, .sending, .sent])
        }
        XCTAssertEqual(try test.queue.events(letterId: 3).map(\.kind), [.drafted, .sending, .unknown])
        XCTAssertTrue(
            try test.queue.messageAsSent(id: 3).starts(with: Array("Date: Sun, 29 Nov 2026 00:07:21 -0800\r\n".utf8)))
        // The same notes after a power loss (another boot) are not read: claims decide.
        XCTAssertEqual(HandOverLog.read(database: test.queue.file, bootId: "boot-2"), [])
    }
}
