import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// The notes a run keeps in memory-mapped file: read back whole, by the boot that wrote them.
final class HandOverLogTests: XCTestCase {
    private let sending = SendingEvent(
        timestamp: "2026-11-29T08:07:21Z", server: "mail.example.org:587", dateField: "Sun, 29 Nov 2026 00:07:21 -0800")

    func testNotesComeBackWholeAndOnlyToTheirBoot() throws {
        let folder = try TemporaryDirectory("outreach-handover")
        let database = folder.url.appendingPathComponent("outreach.sqlite")
        let log = HandOverLog(database: database)
        try log.open(bootId: "boot-1")
        log.noteHandOver(index: 0, letterId: 7, attempts: 2, sending: sending)
        let outcome = StoredOutcome(
            letterId: 7, status: .sent, attempts: 3, lastReply: "250 2.0.0 Ok:\tqueued \u{FFFD} Zürich",
            nextAttemptAt: nil, sentAt: "2026-11-29T08:07:22Z", updatedAt: "2026-11-29T08:07:22Z", kind: .sent,
            detail: "250 ok; refused: cc@example.org: 550 no", replyCode: 250, at: "2026-11-29T08:07:22Z",
            sending: sending,
            recipients: [
                RecipientOutcome(position: 0, state: .accepted, reply: "250 2.1.5 Ok"),
                RecipientOutcome(position: 1, state: .refused, reply: "550 no"),
            ])
        log.noteOutcome(index: 0, outcome)
        log.noteHandOver(index: 1, letterId: 8, attempts: 0, sending: sending)
        XCTAssertEqual(
            HandOverLog.read(database: database, bootId: "boot-1"),
            [
                HandOverLog.Entry(letterId: 7, attempts: 2, sending: sending, outcome: outcome),
                HandOverLog.Entry(letterId: 8, attempts: 0, sending: sending, outcome: nil),
            ])
        XCTAssertEqual(HandOverLog.read(database: database, bootId: "boot-2"), [], "another boot's notes are not read")
        XCTAssertEqual(HandOverLog.read(database: database, bootId: ""), [])
        // A slot reused for a later letter drops the earlier outcome before anything else.
        log.noteHandOver(index: HandOverLog.slots, letterId: 9, attempts: 0, sending: sending)
        XCTAssertEqual(HandOverLog.read(database: database, bootId: "boot-1").first?.letterId, 9)
        XCTAssertNil(HandOverLog.read(database: database, bootId: "boot-1").first?.outcome)
        log.remove()
        XCTAssertEqual(HandOverLog.read(database: database, bootId: "boot-1"), [])
    }

    func testAVeryLongReplyIsCutOnACharacterAndStillReadBack() throws {
        let folder = try TemporaryDirectory("outreach-handover")
        let database = folder.url.appendingPathComponent("outreach.sqlite")
        let log = HandOverLog(database: database)
        try log.open(bootId: "boot-1")
        log.noteHandOver(index: 3, letterId: 4, attempts: 0, sending: sending)
        let long = String(repeating: "é", count: 5000)
        let outcome = StoredOutcome(
            letterId: 4, status: .failed, attempts: 1, lastReply: long, nextAttemptAt: nil, sentAt: nil,
            updatedAt: "2026-11-29T08:07:22Z", kind: .failed, detail: long, replyCode: 554, at: "2026-11-29T08:07:22Z",
            sending: nil)
        log.noteOutcome(index: 3, outcome)
        let read = try XCTUnwrap(HandOverLog.read(database: database, bootId: "boot-1").first?.outcome)
        XCTAssertEqual(read.status, .failed)
        XCTAssertTrue(read.lastReply.allSatisfy { $0 == "é" } && !read.lastReply.isEmpty, "cut between characters")
        XCTAssertEqual(read.replyCode, 554)
    }

    /// Each recipient's state comes back with its letter's outcome, its reply cut first when
    /// space runs short; an envelope too large for the slot leaves the outcome out (the letter
    /// is then uncertain after a kill), never an outcome without its recipients.
    func testRecipientsComeBackWithTheOutcomeOrTheOutcomeIsLeftOut() throws {
        let folder = try TemporaryDirectory("outreach-handover")
        let database = folder.url.appendingPathComponent("outreach.sqlite")
        let log = HandOverLog(database: database)
        try log.open(bootId: "boot-1")
        var outcome = StoredOutcome(
            letterId: 5, status: .deferred, attempts: 1, lastReply: "451 later", nextAttemptAt: "2026-11-29T08:12:22Z",
            sentAt: nil, updatedAt: "2026-11-29T08:07:22Z", kind: .deferred, detail: "451 later", replyCode: 451,
            at: "2026-11-29T08:07:22Z", sending: nil)
        outcome.recipients = (0..<40).map {
            RecipientOutcome(
                position: $0, state: $0 == 0 ? .deferred : .accepted, reply: String(repeating: "r", count: 300))
        }
        log.noteHandOver(index: 0, letterId: 5, attempts: 0, sending: sending)
        log.noteOutcome(index: 0, outcome)
        let read = try XCTUnwrap(HandOverLog.read(database: database, bootId: "boot-1").first?.outcome)
        XCTAssertEqual(read.recipients.map(\.position), Array(0..<40))
        XCTAssertEqual(read.recipients.map(\.state), [.deferred] + Array(repeating: .accepted, count: 39))
        XCTAssertTrue(read.recipients.allSatisfy { $0.reply.allSatisfy { $0 == "r" } }, "replies cut, not garbled")
        outcome.letterId = 6
        outcome.recipients = (0..<200).map { RecipientOutcome(position: $0, state: .accepted, reply: "250 ok") }
        log.noteHandOver(index: 1, letterId: 6, attempts: 0, sending: sending)
        log.noteOutcome(index: 1, outcome)
        let entry = HandOverLog.read(database: database, bootId: "boot-1").last
        XCTAssertEqual(entry?.letterId, 6)
        XCTAssertNil(entry?.outcome, "too many recipients for the slot: no outcome at all")
    }
}
