import XCTest

@testable import OutreachKit

final class IMAPReplyTests: XCTestCase {
    private func reply(_ text: String) -> IMAPReply { IMAPReply(Array(text.utf8)) }

    func testFetchWithLiteralsFlagsAndTheLoginLinesOfAFirstCommand() {
        let header = "Subject: a ) b {5}\r\nMessage-ID: <x@y>\r\n\r\n"
        let parsed = reply(
            "* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\nA001 OK Pre-login capabilities listed.\r\nA002 OK Logged in\r\n"
                + "* 1 FETCH (UID 7 FLAGS (\\Seen \\Answered) BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)]<0> {\(header.utf8.count)}\r\n\(header))\r\n"
                + "* 2 FETCH (UID 9 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 44 BODY[] NIL)\r\nA003 OK Fetch completed.\r\n"
        )
        XCTAssertTrue(parsed.complete, parsed.problem ?? "")
        XCTAssertEqual(parsed.status, "OK")
        XCTAssertEqual(parsed.fetches.map(\.uid), [7, 9])
        XCTAssertEqual(parsed.fetches[0].flags, ["\\Seen", "\\Answered"])
        XCTAssertEqual(parsed.fetches[0].sections["HEADER.FIELDS (SUBJECT MESSAGE-ID)"], Array(header.utf8))
        XCTAssertEqual(parsed.fetches[1].internalDate, "17-Jul-1996 02:44:25 -0700")
        XCTAssertEqual(parsed.fetches[1].size, 44)
        XCTAssertEqual(parsed.fetches[1].sections[""], [])
    }

    func testExamine() {
        let parsed = reply(
            "* 3 EXISTS\r\n* OK [UIDVALIDITY 1795977676] UIDs valid\r\n* OK [UIDNEXT 4] Predicted\r\nA004 OK [READ-ONLY] Examine completed\r\n"
        )
        XCTAssertEqual([parsed.exists, parsed.uidValidity, parsed.uidNext], [3, 1_795_977_676, 4])
    }

    func testARefusalStaysTheAnswerAfterLibcurlsLogout() {
        let parsed = reply(
            "A004 NO Mailbox doesn't exist: Nowhere\r\n* BYE Logging out\r\nA005 OK Logout completed.\r\n")
        XCTAssertEqual(parsed.status, "NO")
        XCTAssertEqual(parsed.text, "Mailbox doesn't exist: Nowhere")
    }

    func testCutShortRepliesAreReportedNotTrapped() {
        let literal = reply("* 1 FETCH (UID 1 BODY[] {100}\r\nonly a few bytes\r\n")
        XCTAssertFalse(literal.complete)
        XCTAssertEqual(literal.problem, "a literal of 100 bytes with only 18 received")
        XCTAssertFalse(reply("* 1 FETCH (UID 1 FLAGS (\\Seen\r\n").complete)
        XCTAssertFalse(reply("").complete)
        XCTAssertFalse(reply("* 1 FETCH (UID 1 X " + String(repeating: "(", count: 100) + "\r\nA1 OK\r\n").complete)
        let huge = reply("* 1 FETCH (UID 1 BODY[] {99999999999}\r\n")
        XCTAssertFalse(huge.complete)
    }

    func testSequenceSetsAndMailboxNames() {
        XCTAssertEqual(IMAPClient.sequenceSet([9, 1, 2, 3, 7, 10]), "1:3,7,9:10")
        XCTAssertEqual(IMAPMailboxName.quoted("INBOX"), "\"INBOX\"")
        // RFC 3501 §5.1.3's own example.
        XCTAssertEqual(IMAPMailboxName.quoted("Entwürfe"), "\"Entw&APw-rfe\"")
        XCTAssertEqual(IMAPMailboxName.quoted("A&B \"x\""), "\"A&-B \\\"x\\\"\"")
        XCTAssertEqual(IMAPMailboxName.quoted("台北"), "\"&U,BTFw-\"")
    }
}
