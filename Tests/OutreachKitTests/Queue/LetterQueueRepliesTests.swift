import XCTest

@testable import OutreachKit

/// What a message read from the mailbox does to a letter, from each status, on a real SQLite file.
final class LetterQueueRepliesTests: XCTestCase {
    private func record(_ kind: InboundRecord.Kind, concernsOffice: Bool = true, key: String = "<m@example.com>")
        -> InboundRecord
    {
        InboundRecord(
            letterId: 1, kind: kind, messageKey: key, recipient: kind == .replied ? "" : "r1@example.com",
            receivedAt: "2026-11-30T09:00:00Z", sender: "Office <r1@example.com>", subject: "Re: Hello",
            action: kind == .bounced ? "failed" : "", status: kind == .bounced ? "5.2.2" : "", mailbox: "INBOX",
            uid: 7, concernsOffice: concernsOffice)
    }

    private func statusAfter(_ record: InboundRecord, from status: LetterStatus) throws -> LetterStatus {
        let test = try TestQueue()
        try test.draft([.email])
        try test.set(1, status: status)
        try test.queue.recordInbound(
            [record], account: "dana@example.org", mailbox: "INBOX", mark: MailboxMark(uidValidity: 1, lastUid: 7))
        return try test.letter(1).status
    }

    func testEachKindChangesTheStatusesItShould() throws {
        // status → after a reply, a bounce for the office, a bounce for a copy, an automatic reply, a delay
        let rows: [(LetterStatus, LetterStatus, LetterStatus)] = [
            (.drafted, .drafted, .drafted), (.sending, .sending, .sending), (.sent, .replied, .bounced),
            (.deferred, .replied, .deferred), (.failed, .replied, .failed), (.unknown, .replied, .bounced),
            (.discarded, .discarded, .discarded), (.deliveredByHand, .deliveredByHand, .deliveredByHand),
            (.replied, .replied, .replied), (.bounced, .replied, .bounced),
        ]
        XCTAssertEqual(rows.map(\.0), LetterStatus.allCases)
        for (status, replied, bounced) in rows {
            XCTAssertEqual(try statusAfter(record(.replied), from: status), replied, "reply from \(status)")
            XCTAssertEqual(try statusAfter(record(.bounced), from: status), bounced, "bounce from \(status)")
            XCTAssertEqual(
                try statusAfter(record(.bounced, concernsOffice: false), from: status), status,
                "bounce for a copy from \(status)")
            XCTAssertEqual(try statusAfter(record(.autoReplied), from: status), status, "auto-reply from \(status)")
            XCTAssertEqual(try statusAfter(record(.delayed), from: status), status, "delay from \(status)")
        }
    }

    func testAMessageReadAgainIsRecordedOnce() throws {
        let test = try TestQueue()
        try test.draft([.email])
        try test.set(1, status: .sent)
        let mark = MailboxMark(uidValidity: 1, lastUid: 7)
        let first = try test.queue.recordInbound(
            [record(.replied)], account: "dana@example.org", mailbox: "INBOX", mark: mark)
        let again = try test.queue.recordInbound(
            [record(.replied)], account: "dana@example.org", mailbox: "INBOX", mark: mark)
        XCTAssertEqual(first.count, 1)
        XCTAssertEqual(again.count, 0)
        XCTAssertEqual(try test.queue.events(letterId: 1).map(\.kind), [.drafted, .replied])
        XCTAssertEqual(try test.queue.inboundMessages(letterId: 1).map(\.kind), [.replied])
        XCTAssertEqual(try test.letter(1).lastReply, "replied: Office <r1@example.com>, 2026-11-30T09:00:00Z")
    }
}
