import XCTest

@testable import OutreachKit

/// InboundHeader, AutomaticReply, ReplyExcerpt and MailDate.
final class InboundHeaderTests: XCTestCase {
    private func header(_ text: String) -> InboundHeader { InboundHeader(MIMEEntity(Array(text.utf8))) }

    func testIdsSenderAndSubject() {
        let parsed = header(
            "From: =?iso-8859-1?q?Ana_P=E9rez?= <Ana@Example.COM>\r\nIn-Reply-To: <B@x>\r\nReferences: <a@x> <B@x>\r\n <c@x>\r\nSubject: Re: \u{1B}[31mred\r\n\r\n"
        )
        XCTAssertEqual(
            parsed.answeredIds, ["<b@x>", "<c@x>", "<a@x>"], "the parent first, then the nearest references")
        XCTAssertEqual(parsed.fromName, "Ana Pérez")
        XCTAssertEqual(parsed.fromAddress, "ana@example.com")
        XCTAssertEqual(parsed.subject, "Re: \u{FFFD}[31mred", "an escape sequence from a sender is never printed")
        XCTAssertNil(parsed.automaticReason)
    }

    func testAutomaticRepliesAreToldFromPeople() {
        XCTAssertEqual(
            header("Auto-Submitted: auto-replied (vacation)\r\n\r\n").automaticReason,
            "Auto-Submitted: auto-replied (vacation)")
        XCTAssertNil(header("Auto-Submitted: no\r\nSubject: Re: your letter\r\n\r\n").automaticReason)
        XCTAssertEqual(header("X-Autoreply: yes\r\n\r\n").automaticReason, "X-Autoreply")
        XCTAssertEqual(header("Precedence: bulk\r\n\r\n").automaticReason, "Precedence: bulk")
        XCTAssertEqual(header("Return-Path: < >\r\n\r\n").automaticReason, "Return-Path: <>")
        XCTAssertEqual(
            header("Subject: Automatic reply: Hello\r\n\r\n").automaticReason, "subject \"automatic reply…\"")
        XCTAssertEqual(
            header("Subject: Réponse automatique : Bonjour\r\n\r\n").automaticReason, "subject \"réponse automatique…\""
        )
        XCTAssertNil(header("Subject: Re: Out of the ordinary\r\n\r\n").automaticReason)
    }

    func testExcerptStopsAtTheQuote() {
        XCTAssertEqual(
            ReplyExcerpt.opening(
                "Thanks!\n\nOn Tue, Dec 1, 2026 at 10:00 AM Dana Rivera <\ndana@example.org> wrote:\n> hi"), "Thanks!")
        XCTAssertEqual(ReplyExcerpt.opening("Noted.\n-- \nClerk\n"), "Noted.")
        XCTAssertEqual(
            ReplyExcerpt.opening("Yes.\n________________________________\nFrom: Dana <d@example.org>"), "Yes.")
        XCTAssertEqual(ReplyExcerpt.opening("1\n2\n3\n4\n5\n6\n7"), "1\n2\n3\n4\n5")
        XCTAssertEqual(
            ReplyExcerpt.stripTags("<style>p{}</style><p>Hi&nbsp;there</p><p>A &amp; B</p>"), "\nHi there\n\nA & B\n")
    }

    func testDates() {
        let expected = Date(timeIntervalSince1970: 1_795_971_600)
        XCTAssertEqual(MailDate.parse("Sun, 29 Nov 2026 09:00:00 -0800"), expected)
        XCTAssertEqual(MailDate.parse("29 Nov 2026 17:00:00 +0000 (UTC)"), expected)
        XCTAssertEqual(MailDate.parse("Sun, 29 Nov 2026 09:00:00 PST"), expected)
        XCTAssertEqual(MailDate.parse("29-Nov-2026 09:00:00 -0800"), expected, "INTERNALDATE")
        XCTAssertEqual(MailDate.parse("29 Nov 2026 17:00 GMT"), expected)
        for bad in ["", "yesterday", "32 Nov 2026 09:00:00 +0000", "29 Foo 2026 09:00:00", "29 Nov 2026 25:00:00"] {
            XCTAssertNil(MailDate.parse(bad), bad)
        }
    }
}
