import XCTest

@testable import OutreachKit

/// What each delivery outcome does to a letter and its history, on plain values.
final class DeliveryRecordTests: XCTestCase {
    private var planned: Letter!
    private let date = TestQueue.now
    private var timestamp: String { Timestamp.string(date) }
    private func minutesLater(_ minutes: Int) -> String {
        Timestamp.string(date.addingTimeInterval(Double(minutes * 60)))
    }

    override func setUpWithError() throws {
        planned = try TestQueue().draft([.email])[0]
    }

    private func letter(attempts: Int = 0, status: LetterStatus = .drafted) -> Letter {
        var letter = planned!
        letter.attempts = attempts
        letter.status = status
        return letter
    }

    func testEachOutcomeGivesItsStatusReplyAndEvent() {
        let refused = [RefusedRecipient(address: "clerk@example.com", code: 550, reply: "550 5.1.1 gone")]
        // (outcome, attempts before, status, attempts after, next attempt, sent at, last reply, kind, detail, code)
        let rows: [(DeliveryOutcome, Int, LetterStatus, Int, String?, String?, String, EventKind, String, Int?)] = [
            (
                .sent(reply: "250 2.0.0 Ok: queued", refused: []), 0, .sent, 1, nil, timestamp, "250 2.0.0 Ok: queued",
                .sent,
                "250 2.0.0 Ok: queued", 250
            ),
            (
                .sent(reply: "250 ok", refused: refused), 0, .sent, 1, nil, timestamp, "250 ok", .sent,
                "250 ok; refused: clerk@example.com: 550 5.1.1 gone", 250
            ),
            (
                .deferred(code: 451, reply: "451 later", refused: []), 0, .deferred, 1, minutesLater(5), nil,
                "451 later", .deferred,
                "451 later", 451
            ),
            (
                .deferred(code: 451, reply: "451 later", refused: []), 1, .deferred, 2, minutesLater(10), nil,
                "451 later", .deferred,
                "451 later", 451
            ),
            (
                .deferred(code: 451, reply: "451 later", refused: []), 4, .deferred, 5, minutesLater(80), nil,
                "451 later", .deferred,
                "451 later", 451
            ),
            (
                .deferred(code: 451, reply: "451 later", refused: []), 5, .failed, 6, nil, nil,
                "451 later (gave up after 6 tries)",
                .failed, "451 later (gave up after 6 tries)", 451
            ),
            (
                .failed(code: 550, reply: "550 5.1.1 gone", refused: refused), 0, .failed, 1, nil, nil,
                "550 5.1.1 gone", .failed,
                "550 5.1.1 gone; refused: clerk@example.com: 550 5.1.1 gone", 550
            ),
            (
                .uncertain(reason: "reset (after the server accepted DATA)"), 0, .unknown, 1, nil, nil,
                "reset (after the server accepted DATA)", .unknown, "reset (after the server accepted DATA)", nil
            ),
            (
                .notSent(.connectionLost(host: "h", port: 25, reason: "reset")), 2, .drafted, 2, nil, nil,
                "the connection to h port 25 was lost: reset", .notSent, "the connection to h port 25 was lost: reset",
                nil
            ),
        ]
        for (outcome, before, status, after, next, sentAt, reply, kind, detail, code) in rows {
            let record = DeliveryRecord(applying: outcome, to: letter(attempts: before), at: date)
            let name = "\(outcome) after \(before) attempts"
            XCTAssertEqual(record.letter.status, status, name)
            XCTAssertEqual(record.letter.attempts, after, name)
            XCTAssertEqual(record.letter.nextAttemptAt, next, name)
            XCTAssertEqual(record.letter.sentAt, sentAt, name)
            XCTAssertEqual(record.letter.lastReply, reply, name)
            XCTAssertEqual(record.letter.updatedAt, timestamp, name)
            XCTAssertEqual(record.kind, kind, name)
            XCTAssertEqual(record.detail, detail, name)
            XCTAssertEqual(record.replyCode, code, name)
            XCTAssertEqual(record.at, timestamp, name)
        }
    }

    func testNotSentPutsTheLetterBackAsItWas() {
        let deferred = letter(attempts: 2, status: .deferred)
        let record = DeliveryRecord(applying: .notSent(.contentWithheld), to: deferred, at: date)
        XCTAssertEqual(record.letter.status, .deferred)
        XCTAssertEqual(record.letter.attempts, 2)
        XCTAssertEqual(record.kind, .notSent)
    }

    func testBackoffDoublesFromFiveMinutes() {
        XCTAssertEqual((1...6).map { Deliverer.backoffMinutes(afterAttempt: $0) }, [5, 10, 20, 40, 80, 160])
        XCTAssertEqual(Deliverer.backoffMinutes(afterAttempt: 0), 5)
    }

    func testTheSummaryCountsByTheNewStatus() {
        var summary = SendSummary()
        let outcomes: [(DeliveryOutcome, Int)] = [
            (.sent(reply: "250 ok", refused: []), 0), (.sent(reply: "250 ok", refused: []), 0),
            (.deferred(code: 451, reply: "451", refused: []), 0), (.deferred(code: 451, reply: "451", refused: []), 5),
            (.failed(code: 550, reply: "550", refused: []), 0), (.uncertain(reason: "reset"), 0),
            (.notSent(.contentWithheld), 0),
        ]
        for (outcome, attempts) in outcomes {
            summary.count(DeliveryRecord(applying: outcome, to: letter(attempts: attempts), at: date))
        }
        XCTAssertEqual([summary.sent, summary.deferred, summary.failed, summary.unknown], [2, 1, 2, 1])
    }

    func testTheExitStatusFollowsTheWorstOutcome() {
        func summary(
            sent: Int = 0, deferred: Int = 0, failed: Int = 0, unknown: Int = 0, recovered: [Int64] = [],
            stoppedBy: StopSignal? = nil
        ) -> SendSummary {
            var summary = SendSummary()
            (summary.sent, summary.deferred, summary.failed, summary.unknown) = (sent, deferred, failed, unknown)
            (summary.recovered, summary.stoppedBy) = (recovered, stoppedBy)
            return summary
        }
        let rows: [(SendSummary, Int32)] = [
            (summary(sent: 3), 0), (summary(), 0), (summary(sent: 1, deferred: 1), 75),
            (summary(deferred: 1, failed: 1), 1),
            (summary(unknown: 1), 1), (summary(sent: 1, stoppedBy: .interrupt), 130),
            (summary(sent: 1, stoppedBy: .terminate), 143),
            (summary(deferred: 1, stoppedBy: .interrupt), 75),
            // A run that marked letters left by a dead run unknown says so, as the README does.
            (summary(sent: 3, recovered: [4]), 1), (summary(recovered: [4], stoppedBy: .terminate), 1),
        ]
        for (summary, status) in rows { XCTAssertEqual(summary.exitStatus, status, "\(summary)") }
    }

    /// Each recipient takes the state its RCPT reply gives, and only when the message went.
    func testEachRecipientTakesTheStateItsReplyGives() {
        let envelope = [
            EnvelopeRecipient(letterId: 1, position: 0, address: "mayor@example.com", role: .to),
            EnvelopeRecipient(letterId: 1, position: 1, address: "clerk@example.com", role: .cc),
            EnvelopeRecipient(letterId: 1, position: 2, address: "dana@example.org", role: .copyToSelf),
        ]
        func replies(_ codes: [Int?], accepted: String?) -> RecipientReplies {
            var replies = RecipientReplies()
            for (recipient, code) in zip(envelope, codes) {
                if let code { replies.rcpt[recipient.address] = (code, "\(code) reply") }
            }
            replies.accepted = accepted
            return replies
        }
        let deferred = DeliveryOutcome.deferred(code: 451, reply: "451 reply", refused: [])
        // (outcome, RCPT codes, message accepted, states after)
        let rows: [(DeliveryOutcome, [Int?], String?, [RecipientState?], String)] = [
            (
                .sent(reply: "250 ok", refused: []), [250, 250, 250], "250 ok", [.accepted, .accepted, .accepted], "all"
            ),
            (deferred, [451, 250, 250], "250 ok", [.deferred, .accepted, .accepted], "the To deferred, copies taken"),
            (
                .sent(reply: "250 ok", refused: []), [250, 550, 452], "250 ok", [.accepted, .refused, .deferred],
                "a copy refused, another deferred"
            ),
            (deferred, [nil, nil, nil], nil, [nil, nil, nil], "MAIL refused: no RCPT reply, nothing changes"),
            (
                .failed(code: 554, reply: "554 spam", refused: []), [250, 250, 250], nil, [nil, nil, nil],
                "the content refused: accepted at RCPT means nothing"
            ),
            (.uncertain(reason: "reset"), [250, 550, 250], nil, [.unknown, .refused, .unknown], "lost after DATA"),
            (.notSent(.contentWithheld), [250, 250, 250], nil, [nil, nil, nil], "nothing handed over"),
        ]
        for (outcome, codes, accepted, states, name) in rows {
            let record = DeliveryRecord(
                applying: outcome, to: letter(), envelope: envelope, replies: replies(codes, accepted: accepted),
                at: date)
            let after = envelope.map { recipient in record.recipients.first { $0.position == recipient.position }?.state
            }
            XCTAssertEqual(after, states, name)
            XCTAssertTrue(record.recipients.allSatisfy { $0.updatedAt == timestamp }, name)
        }
        let taken = DeliveryRecord(
            applying: .sent(reply: "250 ok: queued as 7", refused: []), to: letter(), envelope: envelope,
            replies: replies([250, 250, 250], accepted: "250 ok: queued as 7"), at: date)
        XCTAssertEqual(taken.recipients.map(\.reply), Array(repeating: "250 ok: queued as 7", count: 3))
    }

    /// A retry goes to the addresses not yet accepted; a refused one only when the letter failed.
    func testARetryGoesToTheRecipientsNotYetAccepted() throws {
        let letter = try TestQueue().draft([.email])[0]
        let states: [RecipientState] = [.accepted, .deferred, .refused, .pending, .unknown]
        let envelope = states.enumerated().map { position, state in
            EnvelopeRecipient(
                letterId: letter.id, position: position, address: "a\(position)@example.com",
                role: position == 0 ? .to : .cc, state: state)
        }
        var plan = SendPlan(
            letters: [letter], heldByCap: 0, sentInLastDay: 0, waitingForWebForm: 0, waitingForPost: 0, skipped: [])
        plan.envelopes = [letter.id: envelope]
        var deferred = letter
        deferred.status = .deferred
        XCTAssertEqual(plan.targets(of: deferred).map(\.position), [1, 3, 4])
        var failed = letter
        failed.status = .failed
        XCTAssertEqual(plan.targets(of: failed).map(\.position), [1, 2, 3, 4], "--retry-failed: the refused too")
        plan.envelopes = [:]
        XCTAssertEqual(
            plan.targets(of: letter).map(\.address), ["r1@example.com"], "without rows: the letter's envelopeTo")
    }

    /// An RCPT's address is matched without its brackets and in any case.
    func testRecipientRepliesMatchAnAddressAsSentWithoutBracketsOrCase() {
        XCTAssertEqual(RecipientReplies.bare("<Mayor@Example.COM>"), "mayor@example.com")
        XCTAssertEqual(RecipientReplies.bare(" <a@b.example.org> "), "a@b.example.org")
        XCTAssertEqual(RecipientReplies.bare("plain@example.org"), "plain@example.org")
        XCTAssertEqual(RecipientReplies.bare("<>"), "")
        XCTAssertEqual(RecipientReplies.bare(""), "")
    }
}
