import OutreachTestSupport
import XCTest

@testable import OutreachKit

final class DeliveryReportTests: XCTestCase {
    private func report(_ name: String) throws -> DeliveryReport? {
        let text = try String(contentsOfFile: "\(Repository.fixtures)/Replies/\(name).eml", encoding: .utf8)
            .replacingOccurrences(of: "@@ID4@@", with: "<Four@Example.org>").replacingOccurrences(
                of: "@@ID5@@", with: "<five@example.org>"
            )
            .replacingOccurrences(of: "@@ID6@@", with: "<six@example.org>").replacingOccurrences(
                of: "@@DATE@@", with: "Sun, 29 Nov 2026 09:00:00 -0800")
        return DeliveryReport(MIMEEntity(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
    }

    func testPostfixMailboxFull() throws {
        let parsed = try XCTUnwrap(try report("postfix-bounce-mailbox-full"))
        XCTAssertEqual(parsed.originalMessageId, "<four@example.org>")
        XCTAssertEqual(
            parsed.recipients,
            [
                .init(
                    originalRecipient: "r4@example.com", finalRecipient: "r4@example.com", action: "failed",
                    status: "5.2.2",
                    diagnostic: "smtp; 552 5.2.2 <r4@example.com>: Mailbox full")
            ])
        XCTAssertEqual(parsed.recipients.first?.replyCode, 552)
        XCTAssertEqual(parsed.arrivalDate, Date(timeIntervalSince1970: 1_795_971_600))
    }

    func testExchangeUnknownUserWithAFoldedDiagnostic() throws {
        let parsed = try XCTUnwrap(try report("exchange-ndr-unknown-user"))
        XCTAssertEqual(parsed.originalMessageId, "<five@example.org>")
        XCTAssertEqual(parsed.recipients.first?.status, "5.1.10")
        XCTAssertEqual(
            parsed.recipients.first?.diagnostic,
            "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
        XCTAssertEqual(parsed.recipients.first?.outcome, "failed")
    }

    func testGmailDelayWithTheOriginalMessage() throws {
        let parsed = try XCTUnwrap(try report("gmail-dsn-delayed"))
        XCTAssertEqual(parsed.originalMessageId, "<six@example.org>")
        XCTAssertEqual(parsed.recipients.map(\.outcome), ["delayed"])
        XCTAssertEqual(parsed.recipients.first?.address, "r6@example.com")
    }

    func testMissingFields() throws {
        XCTAssertEqual(try report("dsn-without-fields")?.recipients, [])
        XCTAssertNil(try report("office-reply-plain"), "no delivery-status part: no report")
        // An Action missing is read from the status class (RFC 3463 §3.1).
        XCTAssertEqual(DeliveryReport.Recipient(status: "5.1.1").outcome, "failed")
        XCTAssertEqual(DeliveryReport.Recipient(status: "4.4.7").outcome, "delayed")
        XCTAssertNil(DeliveryReport.Recipient(finalRecipient: "a@example.com").outcome)
        XCTAssertNil(DeliveryReport.statusCode("x.y.z"))
        XCTAssertEqual(DeliveryReport.address("rfc822; <Mayor@Example.COM>"), "mayor@example.com")
    }

    func testDeepOrBrokenMultipartsNeverTrap() {
        var nested = ""
        for level in 0..<200 {
            nested += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
        }
        let entity = MIMEEntity(Array(nested.utf8))
        XCTAssertLessThanOrEqual(entity.allParts.count, MIMEEntity.deepest + 1)
        let cut = MIMEEntity(
            Array(
                "Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\nAction: fai"
                    .utf8))
        XCTAssertEqual(DeliveryReport(cut)?.recipients.first?.action, "fai")
        XCTAssertEqual(MIMEEntity([0xFF, 0xFE, 0x00, 0x0A, 0x0A]).fields.count, 0)
    }
}
