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
                    sql: "INSERT INTO sendClaim (letterId, attempts, status, bootId) VALUES (?, 0, 'drafted', ?)",
                    arguments: [id, boot])
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
                    sql:
                        "INSERT INTO sendClaim (letterId, attempts, status, bootId) VALUES (?, 0, 'drafted', 'boot-1')",
                    arguments: [id])
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

    /// Gives letter `id` a Cc, and sets each envelope recipient's state and reply.
    private func envelope(_ id: Int64, _ states: [(RecipientState, String)]) throws {
        try test.queue.write { writer in
            try writer.db.execute(
                sql: "UPDATE letter SET envelopeTo = ? WHERE id = ?",
                arguments: ["r\(id)@example.com cc@example.org", id])
            try writer.db.execute(sql: "DELETE FROM envelopeRecipient WHERE letterId = ?", arguments: [id])
            try writer.insertEnvelope(
                letterId: id, addresses: ["r\(id)@example.com", "cc@example.org"], roles: [.to, .cc])
            for (position, (state, reply)) in states.enumerated() {
                try writer.db.execute(
                    sql: "UPDATE envelopeRecipient SET state = ?, reply = ? WHERE letterId = ? AND position = ?",
                    arguments: [state, reply, id, position])
            }
        }
    }

    private func states(_ id: Int64) throws -> [String] {
        try test.queue.envelope(letterId: id).map { "\($0.role.rawValue) \($0.state.rawValue)" }
    }

    /// A letter's recipients follow it through a recovery: an outcome kept beside the queue
    /// brings theirs; a letter marked unknown has the recipients its lost hand-over went to
    /// marked unknown, and a copy accepted before stays accepted (a retry never goes to it).
    func testTheRecipientsOfARecoveredLetterFollowItsStatus() throws {
        // Letter 2: deferred on its To, its Cc accepted; retried by the dead run (claimed as
        // deferred), left `sending`. Letter 3: failed on its To (refused), its Cc pending;
        // retried with --retry-failed and claimed ahead when the power went. Letter 4: its
        // outcome (To deferred again, Cc accepted) kept beside the queue.
        try envelope(2, [(.deferred, "451 later"), (.accepted, "250 ok")])
        try envelope(3, [(.refused, "550 no"), (.pending, "")])
        try envelope(4, [(.pending, ""), (.pending, "")])
        try test.set(2, status: .sending)
        try test.set(3, status: .failed)
        try test.queue.write { writer in
            for (id, status) in [(2, "deferred"), (3, "failed"), (4, "drafted")] {
                try writer.db.execute(
                    sql: "INSERT INTO sendClaim (letterId, attempts, status, bootId) VALUES (?, 0, ?, 'boot-1')",
                    arguments: [id, status])
            }
        }
        var kept = StoredOutcome(
            letterId: 4, status: .deferred, attempts: 1, lastReply: "451 later", nextAttemptAt: "2026-11-29T08:12:22Z",
            sentAt: nil, updatedAt: "2026-11-29T08:07:22Z", kind: .deferred, detail: "451 later", replyCode: 451,
            at: "2026-11-29T08:07:22Z")
        kept.recipients = [
            RecipientOutcome(position: 0, state: .deferred, reply: "451 later"),
            RecipientOutcome(position: 1, state: .accepted, reply: "250 queued"),
        ]
        let found = try recovery(boot: "boot-2", kept: [kept])
        XCTAssertEqual(found.uncertain.map(\.id), [2, 3])
        XCTAssertEqual(found.uncertain.map { $0.recipients.map(\.position) }, [[0], [0, 1]])
        // The dry run's plan shows the retry's envelope as the real run will have it.
        var retry = SendRequest(rate: 0, dailyCap: 0)
        retry.retryUnknown = true
        let plan = try Deliverer(queue: test.queue).plan(retry, after: found, at: TestQueue.now)
        let letter2 = try XCTUnwrap(plan.letters.first { $0.id == 2 })
        let letter3 = try XCTUnwrap(plan.letters.first { $0.id == 3 })
        XCTAssertEqual(plan.targets(of: letter2).map(\.address), ["r2@example.com"], "never the copy again")
        XCTAssertEqual(plan.targets(of: letter3).map(\.address), ["r3@example.com", "cc@example.org"])

        try Deliverer(queue: test.queue).recover(found, at: TestQueue.now)
        XCTAssertEqual(try test.letter(2).status, .unknown)
        XCTAssertEqual(try states(2), ["to unknown", "cc accepted"])
        XCTAssertEqual(try test.letter(3).status, .unknown)
        XCTAssertEqual(try states(3), ["to unknown", "cc unknown"], "the refused To was retried: it may have it")
        XCTAssertEqual(try test.queue.envelope(letterId: 3).first?.reply, SendRecovery.Cause.systemStopped.reason)
        XCTAssertEqual(try test.letter(4).status, .deferred)
        XCTAssertEqual(try states(4), ["to deferred", "cc accepted"])
        XCTAssertEqual(try test.queue.envelope(letterId: 4).last?.updatedAt, "2026-11-29T08:07:22Z")
        // The real run's plan, after the recovery, sends the retry to the same addresses.
        let after = try Deliverer(queue: test.queue).plan(retry, at: TestQueue.now)
        XCTAssertEqual(
            after.letters.filter { [2, 3].contains($0.id) }.map { after.targets(of: $0).map(\.address) },
            [["r2@example.com"], ["r3@example.com", "cc@example.org"]])
    }
}
