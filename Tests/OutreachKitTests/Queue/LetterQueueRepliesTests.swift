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

    /// Issue 18's claims meet issue 13's replies: a fast send run claims letters ahead and hands
    /// them over without reading their status again, so a reply may not change the status of a
    /// letter it has claimed (an `unknown` letter retried while the office's reply says it came:
    /// it would go twice). The batch is refused whole, the mailbox read again next time.
    func testAReplyForALetterTheRunningSendHasClaimedWaitsForTheRun() throws {
        let test = try TestQueue()
        try test.draft([.email])
        try test.set(1, status: .unknown)
        try test.queue.write { writer in
            try writer.db.execute(
                sql: "INSERT INTO sendClaim (letterId, attempts, status, bootId) VALUES (1, 0, 'unknown', 'boot-1')")
        }
        let mark = MailboxMark(uidValidity: 1, lastUid: 7)
        var lock: SendLock? = try SendLock(database: test.queue.file)
        for kind in [InboundRecord.Kind.replied, .bounced] {
            XCTAssertThrowsError(
                try test.queue.recordInbound([record(kind)], account: "dana@example.org", mailbox: "INBOX", mark: mark)
            ) { error in
                XCTAssertEqual(error as? QueueError, .claimedBySend(id: 1, action: .recordReply))
                XCTAssertEqual((error as? QueueError)?.exitCode, ExitStatus.temporaryFailure)
            }
        }
        XCTAssertEqual(try test.letter(1).status, .unknown)
        XCTAssertEqual(try test.queue.inboundMessages(letterId: 1), [], "nothing of the batch written")
        XCTAssertNil(try test.queue.mailboxMark(account: "dana@example.org", mailbox: "INBOX"))
        // An automatic reply changes no status: recorded at once.
        XCTAssertEqual(
            try test.queue.recordInbound(
                [record(.autoReplied, key: "<auto@example.com>")], account: "dana@example.org", mailbox: "INBOX",
                mark: mark
            ).count, 1)
        withExtendedLifetime(lock) {}
        lock = nil
        // The run is over (a claim nobody holds the lock for is a dead run's): the reply counts.
        try test.queue.recordInbound([record(.replied)], account: "dana@example.org", mailbox: "INBOX", mark: mark)
        XCTAssertEqual(try test.letter(1).status, .replied)
    }
}
