import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// The file of outcomes the queue could not take: written over space reserved in advance,
/// read back whole, torn lines skipped.
final class UnrecordedOutcomesTests: XCTestCase {
    private let outcome = StoredOutcome(
        letterId: 7, status: .sent, attempts: 2, lastReply: "250 2.0.0 Ok:\tqueued\\as \u{FFFD}Q1\r\n",
        nextAttemptAt: nil, sentAt: "2026-11-29T08:07:21Z", updatedAt: "2026-11-29T08:07:21Z", kind: .sent,
        detail: "250 ok; refused: cc@example.org: 550 no", replyCode: 250, at: "2026-11-29T08:07:21Z",
        sending: SendingEvent(
            timestamp: "2026-11-29T08:07:20Z", server: "mail.example.org:587",
            dateField: "Sun, 29 Nov 2026 00:07:20 -0800"),
        recipients: [
            RecipientOutcome(position: 0, state: .accepted, reply: "250 2.1.5 Ok"),
            RecipientOutcome(position: 1, state: .refused, reply: "550 no\tsuch\\user"),
        ])

    func testOutcomesGoOverTheReservedSpaceAndComeBackWhole() throws {
        let folder = try TemporaryDirectory("outreach-unrecorded")
        let file = UnrecordedOutcomes(database: folder.url.appendingPathComponent("outreach.sqlite"))
        try file.prepare()
        let size = { (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? -1 }
        XCTAssertEqual(size(), UnrecordedOutcomes.reserve, "the room is written when the run starts")
        XCTAssertEqual(file.read(), [])
        var deferred = outcome
        (deferred.letterId, deferred.status, deferred.kind) = (8, .deferred, .deferred)
        (deferred.sentAt, deferred.nextAttemptAt, deferred.replyCode) = (nil, "2026-11-29T08:12:21Z", nil)
        deferred.sending = nil
        // A deferred To with its copy accepted: the copy's state comes back with it.
        deferred.recipients = [
            RecipientOutcome(position: 0, state: .deferred, reply: "451 4.7.1 later"),
            RecipientOutcome(position: 1, state: .accepted, reply: "250 2.0.0 Ok: queued as Q1"),
        ]
        try file.keep([outcome])
        try file.keep([deferred])
        XCTAssertEqual(size(), UnrecordedOutcomes.reserve, "written over the room, not after it")
        XCTAssertEqual(
            UnrecordedOutcomes(database: folder.url.appendingPathComponent("outreach.sqlite")).read(),
            [outcome, deferred])
        file.removeIfEmpty()
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), "it holds outcomes: kept")
        file.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
    }

    func testATornOrAlteredLineIsSkipped() {
        let line = UnrecordedOutcomes.line(outcome)
        XCTAssertEqual(UnrecordedOutcomes.outcome(Substring(line.dropLast())), outcome)
        for cut in [10, line.count / 2, line.count - 3] {
            XCTAssertNil(UnrecordedOutcomes.outcome(Substring(line.prefix(cut))), "cut at \(cut)")
        }
        XCTAssertNil(UnrecordedOutcomes.outcome(Substring(line.replacingOccurrences(of: "\t7\t", with: "\t8\t"))))
        XCTAssertNil(UnrecordedOutcomes.outcome(""))
        // A line whose count of recipients does not match what follows is not read.
        var short = RecordLine.decode(Substring(line.dropLast())) ?? []
        short.removeLast(3)
        XCTAssertNil(UnrecordedOutcomes.outcome(Substring(RecordLine.encode(short).dropLast())))
    }
}
