import XCTest

@testable import OutreachKit

/// What a send run takes: due letters, retries asked for, the limit and the daily cap.
final class SendPlanTests: XCTestCase {
    func testLimitThenTheDailyCap() throws {
        let due = try TestQueue().draft(Array(repeating: .email, count: 5))
        // (limit, daily cap, sent in the last day) → (taken, held by the cap)
        let rows: [(Int?, Int, Int, Int, Int)] = [
            (nil, 0, 0, 5, 0), (nil, 0, 999, 5, 0), (2, 0, 0, 2, 0), (nil, 10, 0, 5, 0), (nil, 3, 0, 3, 2),
            (nil, 10, 8, 2, 3),
            (nil, 10, 10, 0, 5), (nil, 10, 12, 0, 5), (4, 10, 8, 2, 2), (1, 3, 0, 1, 0),
        ]
        for (limit, cap, sent, taken, held) in rows {
            let request = SendRequest(limit: limit, rate: 0, dailyCap: cap)
            let (letters, heldByCap) = request.take(due, sentInLastDay: sent)
            let name = "limit \(limit.map(String.init) ?? "none"), cap \(cap), \(sent) sent"
            XCTAssertEqual(letters.map(\.id), Array(due.prefix(taken)).map(\.id), name)
            XCTAssertEqual(heldByCap, held, name)
        }
    }

    func testStatusesSentWithoutWaiting() {
        let rows: [(Bool, Bool, [LetterStatus])] = [
            (false, false, [.drafted]), (true, false, [.drafted, .failed]), (false, true, [.drafted, .unknown]),
            (true, true, [.drafted, .failed, .unknown]),
        ]
        for (retryFailed, retryUnknown, statuses) in rows {
            XCTAssertEqual(
                SendRequest(rate: 0, dailyCap: 0, retryFailed: retryFailed, retryUnknown: retryUnknown).statuses,
                statuses)
        }
    }

    /// Letters 1-8: drafted; deferred and due; deferred till later; failed; unknown; web form;
    /// post; sent.
    private func campaign() throws -> (TestQueue, Deliverer) {
        let test = try TestQueue()
        try test.draft([.email, .email, .email, .email, .email, .webForm, .postal, .email])
        let now = TestQueue.now
        try test.set(2, status: .deferred, nextAttemptAt: Timestamp.string(now.addingTimeInterval(-60)))
        try test.set(3, status: .deferred, nextAttemptAt: Timestamp.string(now.addingTimeInterval(600)))
        try test.set(4, status: .failed, lastReply: "550 5.1.1 gone")
        try test.set(5, status: .unknown)
        try test.set(8, status: .sent, sentAt: Timestamp.string(now.addingTimeInterval(-3600)))
        try test.addSentEvent(8, at: now.addingTimeInterval(-3600))
        try test.addSentEvent(8, at: now.addingTimeInterval(-90_000))
        return (test, Deliverer(queue: test.queue))
    }

    func testDueLettersAndWhatWaits() throws {
        let (_, deliverer) = try campaign()
        let rows: [(Bool, Bool, [Int64])] = [
            (false, false, [1, 2]), (true, false, [1, 2, 4]), (false, true, [1, 2, 5]), (true, true, [1, 2, 4, 5]),
        ]
        for (retryFailed, retryUnknown, ids) in rows {
            let request = SendRequest(rate: 0, dailyCap: 0, retryFailed: retryFailed, retryUnknown: retryUnknown)
            let plan = try deliverer.plan(request, at: TestQueue.now)
            XCTAssertEqual(plan.letters.map(\.id), ids, "retry failed \(retryFailed), retry unknown \(retryUnknown)")
            XCTAssertEqual(plan.sentInLastDay, 1, "one sent event in the last 24 hours, one before")
            XCTAssertEqual(plan.deferredNotDue, 1)
            XCTAssertEqual(plan.nextAttemptAt, Timestamp.string(TestQueue.now.addingTimeInterval(600)))
            XCTAssertEqual([plan.waitingForWebForm, plan.waitingForPost], [1, 1])
            XCTAssertTrue(plan.skipped.isEmpty)
        }
        let capped = try deliverer.plan(SendRequest(rate: 0, dailyCap: 2), at: TestQueue.now)
        XCTAssertEqual(capped.letters.map(\.id), [1], "the cap of 2 leaves room for one after the one sent an hour ago")
        XCTAssertEqual(capped.heldByCap, 1)
    }

    func testLettersAskedForByIdAreSentOrSaidWhyNot() throws {
        let (test, deliverer) = try campaign()
        let plan = try deliverer.plan(
            SendRequest(ids: [8, 3, 6, 7, 4, 5, 2, 99], rate: 0, dailyCap: 0), at: TestQueue.now)
        XCTAssertEqual(plan.letters.map(\.id), [2])
        let reasons = Dictionary(uniqueKeysWithValues: plan.skipped.map { ($0.id, $0.reason) })
        XCTAssertEqual(
            reasons,
            [
                8: .sent(at: try test.letter(8).sentAt), 3: .deferred(until: try test.letter(3).nextAttemptAt),
                6: .notEmail(.webForm), 7: .notEmail(.postal), 4: .failed(reply: "550 5.1.1 gone"), 5: .mayHaveArrived,
                99: .noSuchLetter,
            ])
        XCTAssertEqual(plan.skipped.map(\.id), [8, 3, 6, 7, 4, 5, 99], "in the order asked")
    }

    func testSkipReasonsSayWhy() throws {
        let letter = try TestQueue().draft([.email])[0]
        func reason(_ status: LetterStatus, _ change: (inout Letter) -> Void = { _ in }) -> SkipReason {
            var changed = letter
            changed.status = status
            change(&changed)
            return SkipReason(changed)
        }
        let rows: [(SkipReason, SkipReason, String)] = [
            (
                reason(.sent) { $0.sentAt = "2026-11-29T08:07:21Z" }, .sent(at: "2026-11-29T08:07:21Z"),
                "it was sent at 2026-11-29T08:07:21Z"
            ),
            (reason(.sent), .sent(at: nil), "it was sent"),
            (
                reason(.failed) { $0.lastReply = "550 gone" }, .failed(reply: "550 gone"),
                "it failed (550 gone); add --retry-failed to send it again"
            ),
            (reason(.unknown), .mayHaveArrived, "it may have arrived already; add --retry-unknown to send it again"),
            (reason(.deferred), .deferred(until: nil), "it is deferred until later"),
            (reason(.discarded), .discarded, "it was discarded"),
            (reason(.sending), .beingSent, "another run is sending it"),
            (reason(.deliveredByHand), .deliveredByHand, "it was delivered by hand"),
            (reason(.drafted), .notDue, "it is not due"),
            (reason(.replied), .replied, "it was sent, and the office replied"),
            (
                reason(.bounced) { $0.lastReply = "bounced: a@example.org: Action failed, Status 5.2.2" },
                .bounced(report: "bounced: a@example.org: Action failed, Status 5.2.2"),
                "it bounced (bounced: a@example.org: Action failed, Status 5.2.2); fix the address and draft it anew with --again"
            ),
            (reason(.sent) { $0.channel = .postal }, .notEmail(.postal), "it goes by postal, not email"),
        ]
        for (reason, expected, text) in rows {
            XCTAssertEqual(reason, expected)
            XCTAssertEqual(reason.description, text)
        }
        XCTAssertEqual(SkipReason.noSuchLetter.description, "there is no such letter")
    }
}
