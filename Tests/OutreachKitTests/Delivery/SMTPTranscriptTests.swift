import XCTest

@testable import OutreachKit

/// The SMTP dialogue as libcurl's debug stream hands it over, line by line, as bytes.
final class SMTPTranscriptTests: XCTestCase {
    private func feed(_ transcript: SMTPTranscript, sent: String? = nil, received: String? = nil) {
        if let sent { Array(sent.utf8).withUnsafeBytes { transcript.sent($0) } }
        if let received { Array(received.utf8).withUnsafeBytes { transcript.received($0) } }
    }

    func testRepliesAreNamedAfterTheCommandTheyAnswer() {
        let transcript = SMTPTranscript()
        transcript.reset()
        feed(transcript, received: "220 mail.example.org ESMTP\r\n")
        feed(transcript, sent: "EHLO client\r\n", received: "250-mail.example.org\r\n")
        feed(transcript, received: "250-PIPELINING\r\n")
        feed(transcript, received: "250 AUTH PLAIN LOGIN\r\n")
        feed(transcript, sent: "AUTH LOGIN\r\n", received: "334 VXNlcm5hbWU6\r\n")
        // The user name and password lines are not commands: never looked at, never named.
        feed(transcript, sent: "ZGFuYQ==\r\n", received: "334 UGFzc3dvcmQ6\r\n")
        feed(transcript, sent: "cC86YUBiJWMrZD1l\r\n", received: "235 2.7.0 Authentication successful\r\n")
        feed(transcript, sent: "mail FROM:<dana@example.org>\r\n", received: "250 OK\r\n")
        feed(
            transcript, sent: "RCPT TO:<mayor@example.com>\r\n",
            received: "550 5.1.1 <mayor@example.com>: no such user\r\n")
        feed(transcript, sent: "RCPT TO: <clerk@example.com>\r\n", received: "250 OK\r\n")
        feed(transcript, sent: "DATA\r\n", received: "354 End data with <CR><LF>.<CR><LF>\r\n")
        XCTAssertTrue(transcript.dataStarted)
        feed(transcript, received: "250 2.0.0 Ok: queued as Q1\r\n")
        XCTAssertEqual(
            transcript.replies,
            [
                SMTPReply(command: .greeting, code: 220, text: "mail.example.org ESMTP"),
                SMTPReply(
                    command: .ehlo, code: 250, text: "mail.example.org PIPELINING AUTH PLAIN LOGIN",
                    lines: ["mail.example.org", "PIPELINING", "AUTH PLAIN LOGIN"]),
                SMTPReply(command: .auth, code: 235, text: "2.7.0 Authentication successful"),
                SMTPReply(command: .mail, code: 250, text: "OK"),
                SMTPReply(
                    command: .rcpt("<mayor@example.com>"), code: 550, text: "5.1.1 <mayor@example.com>: no such user"),
                SMTPReply(command: .rcpt("<clerk@example.com>"), code: 250, text: "OK"),
                SMTPReply(command: .data, code: 354, text: "End data with <CR><LF>.<CR><LF>"),
                SMTPReply(command: .endOfData, code: 250, text: "2.0.0 Ok: queued as Q1"),
            ])
        // The mechanism's name is kept, never what follows it.
        XCTAssertEqual(transcript.authMechanism, "LOGIN")
    }

    /// A message on an open connection: the replies come from the header callback alone, and
    /// each is named after the command libcurl sends at that point (MAIL, each RCPT in order
    /// whatever the reply to the one before, DATA once one was accepted, the end).
    func testAMessagesRepliesFromTheHeaderCallbackAreNamedInLibcurlsOrder() {
        let transcript = SMTPTranscript()
        transcript.expectMessage(to: ["<mayor@example.com>", "<clerk@example.com>"])
        XCTAssertEqual(transcript.awaiting, .mail)
        for line in [
            "250 OK\r\n", "550 5.1.1 <mayor@example.com>: no such user\r\n", "250-first\r\n", "250 OK\r\n",
            "354 End data with <CR><LF>.<CR><LF>\r\n",
        ] {
            Array(line.utf8).withUnsafeBytes { transcript.receivedHeader($0) }
        }
        XCTAssertTrue(transcript.dataStarted)
        XCTAssertEqual(transcript.awaiting, .data, "as the debug stream names the wait for the end's reply")
        Array("250 2.0.0 Ok: queued as Q1\r\n".utf8).withUnsafeBytes { transcript.receivedHeader($0) }
        XCTAssertEqual(
            transcript.replies,
            [
                SMTPReply(command: .mail, code: 250, text: "OK"),
                SMTPReply(
                    command: .rcpt("<mayor@example.com>"), code: 550, text: "5.1.1 <mayor@example.com>: no such user"),
                SMTPReply(command: .rcpt("<clerk@example.com>"), code: 250, text: "first OK"),
                SMTPReply(command: .data, code: 354, text: "End data with <CR><LF>.<CR><LF>"),
                SMTPReply(command: .endOfData, code: 250, text: "2.0.0 Ok: queued as Q1"),
            ])
        // The debug stream's lines are not read then, nor the header callback's otherwise.
        feed(transcript, sent: "QUIT\r\n", received: "221 Bye\r\n")
        XCTAssertEqual(transcript.replies.count, 6, "the debug stream would not carry it, but a reply is a reply")
        transcript.reset()
        Array("250 OK\r\n".utf8).withUnsafeBytes { transcript.receivedHeader($0) }
        XCTAssertEqual(transcript.replies, [], "outside a message, the header callback is not read")
    }

    /// Every RCPT refused: libcurl sends no DATA; a refused MAIL ends the transfer at once. A
    /// reply after the end is the QUIT's, never a command's of the letter.
    func testARefusalEndsTheSequenceAndALaterReplyIsTheQuits() {
        let transcript = SMTPTranscript()
        transcript.expectMessage(to: ["<a@example.com>", "<b@example.com>"])
        for line in ["250 OK\r\n", "550 no\r\n", "450 later\r\n", "221 Bye\r\n"] {
            Array(line.utf8).withUnsafeBytes { transcript.receivedHeader($0) }
        }
        XCTAssertEqual(
            transcript.replies.map(\.command), [.mail, .rcpt("<a@example.com>"), .rcpt("<b@example.com>"), .quit])
        XCTAssertFalse(transcript.dataStarted)
        XCTAssertEqual(transcript.awaiting, .rcpt("<b@example.com>"), "the last command sent but QUIT")

        transcript.expectMessage(to: ["<a@example.com>"])
        for line in ["421 4.7.0 Too many messages, closing\r\n", "221 Bye\r\n"] {
            Array(line.utf8).withUnsafeBytes { transcript.receivedHeader($0) }
        }
        XCTAssertEqual(transcript.replies.map(\.command), [.mail, .quit])
        XCTAssertEqual(transcript.replies.first?.code, 421)
        XCTAssertEqual(transcript.awaiting, .mail)
    }

    func testTheAuthMechanismAndTLSVersionAreReadAndNothingElse() {
        let transcript = SMTPTranscript()
        transcript.reset()
        feed(transcript, sent: "AUTH PLAIN AGRhbmEAcC86YUBiJWMrZD1l\r\n", received: "235 2.7.0 ok\r\n")
        XCTAssertEqual(transcript.authMechanism, "PLAIN")
        for note in ["Found bundle for host", "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n", "Server x"] {
            Array(note.utf8).withUnsafeBytes { transcript.information($0) }
        }
        XCTAssertEqual(transcript.tls?.version, "TLSv1.3")
        XCTAssertEqual(transcript.tls?.cipher, "TLS_AES_256_GCM_SHA384")
        transcript.reset()
        XCTAssertNil(transcript.tls)
        XCTAssertNil(transcript.authMechanism)
    }

    func testControlCharactersFromTheServerNeverReachTheTerminal() {
        let transcript = SMTPTranscript()
        transcript.reset()
        feed(transcript, sent: "DATA\r\n", received: "354 go\r\n")
        var reply = Array("250 ok \u{1B}[2J\u{1B}]0;title\u{07} caf\u{E9} \u{9B}1m".utf8)
        reply += [0xFF, 0x0D, 0x0A]
        reply.withUnsafeBytes { transcript.received($0) }
        XCTAssertEqual(transcript.replies.last?.text, "ok \u{FFFD}[2J\u{FFFD}]0;title\u{FFFD} café \u{FFFD}1m\u{FFFD}")
    }

    func testLinesWithoutACodeAndBareLFAreHandled() {
        let transcript = SMTPTranscript()
        transcript.reset()
        feed(transcript, received: "garbage\r\n")
        feed(transcript, received: "421 4.3.2 going down\n")
        XCTAssertEqual(transcript.replies, [SMTPReply(command: .greeting, code: 421, text: "4.3.2 going down")])
        XCTAssertFalse(transcript.dataStarted)
    }

    func testBidirectionalAndFormatCharactersFromTheServerAreNeutralised() {
        let transcript = SMTPTranscript()
        transcript.reset()
        // U+202E reverses what follows on screen ("queued" would read "deueuq"); U+2066 and
        // U+200B hide or reorder text too; U+2028 breaks a line for some readers.
        feed(transcript, received: "250 ok \u{202E}deueuq\u{202C} \u{2066}x\u{2069} a\u{200B}b \u{FEFF}c\u{2028}d\r\n")
        XCTAssertEqual(
            transcript.replies.last?.text, "ok \u{FFFD}deueuq\u{FFFD} \u{FFFD}x\u{FFFD} a\u{FFFD}b \u{FFFD}c\u{FFFD}d")
    }

    func testTheCommandATimeoutWaitedForIsNamedQuitAside() {
        let fresh = SMTPTranscript()
        fresh.reset()
        XCTAssertEqual(fresh.awaiting, .greeting, "a new connection waits for the greeting")
        let reused = SMTPTranscript()
        reused.reset()
        // A reused connection starts with MAIL; libcurl sends QUIT as it gives up on it.
        feed(reused, sent: "MAIL FROM:<dana@example.org>\r\n")
        feed(reused, sent: "QUIT\r\n")
        XCTAssertEqual(reused.awaiting, .mail)
        XCTAssertTrue(reused.replies.isEmpty)
    }
}
