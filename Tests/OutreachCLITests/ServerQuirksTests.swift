import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 12: `outreach send` against aiosmtpd servers made to behave as real providers do, or as
/// a mistyped setting makes them look.
final class ServerQuirksTests: SMTPTestCase {
    func testFiveLettersThroughAServerThatClosesAfterTwoArriveOnceEachOverThreeConnections() throws {
        try draftLetters(5)
        let server = try SMTPTestServer(["--no-starttls", "--close-after", "2"])
        try configure(port: server.port, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Sent 5, deferred 0, failed 0, unknown 0."), result.stdout)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), (1...5).map { ["r\($0)@example.com"] }, "each once, in order")
        XCTAssertEqual(received.map(\.connection), [1, 1, 2, 2, 3])
        XCTAssertEqual(server.connections, 3)
        XCTAssertTrue(try letters().allSatisfy { $0.status == .sent && $0.attempts == 1 }, "a 421 costs no attempt")
        XCTAssertTrue(
            result.stderr.contains(
                "the server closed the connection 2 times before a letter (421 4.7.0 Too many messages in this connection, closing); outreach reconnected and went on: 3 connections in all"
            ), result.stderr)
        XCTAssertFalse(result.stderr.contains("refused the sender"), result.stderr)
        // The 421 leaves no trace in a letter's history but its one hand-over.
        let history = try history(of: 3)
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .sent])
    }

    func testA421BeforeAnyLetterIsTakenTwiceStopsTheRun() throws {
        try draftLetters(2)
        // Every MAIL meets 421: the first connection's, and the new one's.
        let server = try SMTPTestServer(["--no-starttls", "--close-after", "0"])
        try configure(port: server.port, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "error: 127.0.0.1 port \(server.port) closed the connection twice before taking a letter: 421 4.7.0 Too many messages in this connection, closing; nothing of the letter was taken"
            ), result.stderr)
        XCTAssertTrue(result.stderr.contains("smtp.per_connection"), result.stderr)
        XCTAssertFalse(result.stderr.contains("refused the sender"), result.stderr)
        XCTAssertEqual(server.connections, 2, "one immediate reconnect per 421")
        XCTAssertEqual(try server.received().count, 0)
        let after = try letters()
        XCTAssertEqual(after.map(\.status), [.drafted, .drafted], "the letters are put back untouched")
        XCTAssertEqual(after.map(\.attempts), [0, 0])
        // Issue 18's claims: the first letter was claimed and marked before each 421; the run
        // that stopped put it back and dropped its claim, so the next run finds nothing
        // uncertain and sends each letter once.
        let normal = try SMTPTestServer(["--no-starttls"])
        try configure(port: normal.port, security: "none")
        let next = try send()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertFalse(next.stderr.contains("unknown"), next.stderr)
        XCTAssertEqual(try normal.received().map(\.rcptTos), [["r1@example.com"], ["r2@example.com"]])
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent])
    }

    /// A server that closes a connection left idle (aiosmtpd: 421, then the close) between two
    /// paced letters: libcurl finds it closed when the next letter starts, and that letter goes
    /// over a new connection, its dialogue (greeting, EHLO) read as for the first one; each
    /// letter once, each reply recorded.
    func testALetterAfterTheServerClosedAnIdleConnectionGoesOnceOverANewOne() throws {
        try draftLetters(3)
        // A second of silence closes a connection: a letter's own commands come far faster, even
        // on a loaded machine, and the next letter comes three seconds later (20 a minute).
        let server = try SMTPTestServer(["--no-starttls", "--idle-timeout", "1"])
        try configure(port: server.port, security: "none")
        let result = try outreach(
            ["send", "--rate", "20"], environment: ["OUTREACH_SMTP_PASSWORD": Self.password])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Sent 3, deferred 0, failed 0, unknown 0."), result.stdout)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), (1...3).map { ["r\($0)@example.com"] }, "each once, in order")
        XCTAssertEqual(received.map(\.connection), [1, 2, 3])
        XCTAssertEqual(server.connections, 3)
        for (index, letter) in try letters().enumerated() {
            XCTAssertEqual(letter.status, .sent, "letter \(index + 1)")
            XCTAssertEqual(letter.attempts, 1, "letter \(index + 1)")
            XCTAssertTrue(letter.lastReply.hasPrefix("250 "), "the server's own reply: \(letter.lastReply)")
            XCTAssertEqual(try history(of: letter.id).map(\.kind), [.drafted, .sending, .sent])
        }
    }

    func testPerConnectionReconnectsBeforeTheServerHasTo() throws {
        try draftLetters(5)
        let server = try SMTPTestServer(["--no-starttls", "--close-after", "2"])
        try configure(port: server.port, security: "none", ["per_connection": "2"])
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.received().map(\.connection), [1, 1, 2, 2, 3])
        XCTAssertEqual(server.connections, 3)
        XCTAssertFalse(result.stderr.contains("closed the connection"), "the server never had to say 421")
        XCTAssertEqual(
            try outreach("profile", "set", "smtp.per_connection", "2.5").status, 78, "a count of messages, 0 or more")
    }

    func testTheEHLONameIsOneAStrictServerTakesAndARefusalNamesIt() throws {
        try draftLetters(2)
        let server = try SMTPTestServer(["--no-starttls", "--strict-helo"])
        try configure(port: server.port, security: "none", ["helo": "laptop"])
        let refused = try send()
        XCTAssertEqual(refused.status, 78, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "error: 127.0.0.1 port \(server.port) refused the name outreach gave in EHLO, laptop: 501 5.5.2"),
            refused.stderr)
        XCTAssertTrue(refused.stderr.contains("outreach profile set smtp.helo NAME"), refused.stderr)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
        XCTAssertEqual(try server.received().count, 0)

        // Without smtp.helo: this machine's fully qualified name, or the address literal.
        XCTAssertEqual(try outreach("profile", "set", "smtp.helo", "").status, 0)
        let sent = try send()
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertEqual(try server.received().count, 2)
        let name = try XCTUnwrap(server.heloNames.last)
        XCTAssertTrue(name == "[127.0.0.1]" || EHLOName.isFullyQualified(name), name)

        // smtp.helo takes a domain or an address literal, nothing a URL could cut or EHLO not carry.
        for bad in ["läptop.example.org", "lap#top.example.org", "[192.0.2]"] {
            let result = try outreach("profile", "set", "smtp.helo", bad)
            XCTAssertEqual(result.status, 78, "\(bad): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("profile key 'smtp.helo'"), result.stderr)
        }
        XCTAssertEqual(try outreach("profile", "set", "smtp.helo", "[IPv6:2001:db8::1]").status, 0)
    }

    func testImplicitTLSToASTARTTLSPortSaysWhatToSet() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(["--mode", "starttls"] + certificates.certificate("good"))
        try configure(port: server.port, scheme: "smtps", ["ca_file": certificates.ca])
        let result = try send()
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("which answered in plain text: that port expects STARTTLS"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("hint: set: outreach profile set smtp.url smtp://127.0.0.1:\(server.port)"),
            result.stderr)
        XCTAssertFalse(result.stderr.contains("insecure") || result.stderr.contains("ca_file"), result.stderr)
        XCTAssertEqual(try letters().map(\.status), [.drafted])
        // No connection was opened: the letter was never claimed, and its history says nothing more.
        let history = try history(of: 1)
        XCTAssertEqual(history.map(\.kind), [.drafted])
    }

    func testPlainToAnImplicitTLSPortSaysWhatToSet() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(["--mode", "tls"] + certificates.certificate("good"))
        try configure(port: server.port, ["timeout": "2", "ca_file": certificates.ca])
        let check = try send("--check")
        XCTAssertEqual(check.status, 78, check.stderr)
        XCTAssertTrue(
            check.stderr.contains(
                "error: no greeting from 127.0.0.1 port \(server.port) within 2 seconds: that port expects TLS from the first byte (SMTPS), not smtp://"
            ), check.stderr)
        XCTAssertTrue(
            check.stderr.contains("hint: set: outreach profile set smtp.url smtps://127.0.0.1:\(server.port)"),
            check.stderr)
        XCTAssertFalse(check.stderr.contains("insecure") || check.stderr.contains("ca_file"), check.stderr)
        // The advice works.
        try configure(port: server.port, scheme: "smtps")
        let sent = try send()
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertEqual(try server.received().count, 1)
    }

    func testWithAUserSetAServerOfferingNoAuthGetsNothing() throws {
        let certificates = try TestCertificates()
        try draftLetters(2)
        let server = try SMTPTestServer(["--mode", "starttls", "--no-auth"] + certificates.certificate("good"))
        try configure(port: server.port, ["username": "dana", "ca_file": certificates.ca])
        let result = try send()
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "error: 127.0.0.1 port \(server.port) offers no AUTH, and smtp.username is dana: nothing was sent, no password was sent"
            ), result.stderr)
        XCTAssertEqual(try server.received().count, 0)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
        XCTAssertEqual(server.heloNames.count, 2, "EHLO before and after STARTTLS, then nothing but QUIT")
    }

    func testA530IsALoginToSetNotARefusedSender() throws {
        try draftLetters(2)
        let demanding = try SMTPTestServer(["--no-starttls", "--mail", "530"])
        try configure(port: demanding.port, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "error: 127.0.0.1 port \(demanding.port) asks for a login: 530 5.7.0 Authentication required"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("set smtp.username and a password source"), result.stderr)
        XCTAssertFalse(result.stderr.contains("refused the sender"), result.stderr)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted], "the letters stay queued")
        XCTAssertEqual(try letters().map(\.attempts), [0, 0])
        // Once that is fixed, the next plain send sends them.
        let fixed = try SMTPTestServer(["--no-starttls"])
        try configure(port: fixed.port, security: "none")
        XCTAssertEqual(try send().status, 0)
        XCTAssertEqual(try fixed.received().count, 2)
    }

    func testATimeoutCostsOneTimeout() throws {
        try draftLetters(1)
        let mute = try SMTPTestServer(["--no-starttls", "--no-reply-after-data"])
        try configure(port: mute.port, security: "none", ["timeout": "10"])
        let start = Date()
        let result = try send()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try letters()[0].status, .unknown)
        // 10 s for the reply, then a QUIT that waits at most 2 s; waiting the whole timeout again
        // for the QUIT (as libcurl does by itself) would take 20 s or more.
        XCTAssertGreaterThanOrEqual(elapsed, 10)
        XCTAssertLessThan(elapsed, 18, "the QUIT after a timeout waits a second or two, not another timeout")
    }

    func testCheckReportsTheServerAndSendsNothing() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        try configure(port: server.port, ["username": "dana", "ca_file": certificates.ca, "daily_cap": "50"])
        let check = try send("--check")
        XCTAssertEqual(check.status, 0, check.stderr)
        for line in [
            "Server:      127.0.0.1 port \(server.port) (smtp://127.0.0.1:\(server.port))",
            "Greeting:    mx.example.org Python SMTP",
            "TLS:         TLSv1.",
            "Certificate: CN = good; issued by CN = outreach test CA; expires ",
            "AUTH:        LOGIN PLAIN; logged in as dana (PLAIN)",
            "SIZE:        33554432 bytes (32.0 MB) per message",
            "Daily cap:   50 of 50 left (0 sent in the last 24 hours; smtp.daily_cap)",
            "Nothing was sent.",
        ] {
            XCTAssertTrue(check.stdout.contains(line), "\(line)\n\(check.stdout)")
        }
        XCTAssertFalse(check.stdout.contains(Self.password) || check.stderr.contains(Self.password))
        let json = try send("--check", "--json")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(object["cap_left"] as? Int, 50)
        let session = try XCTUnwrap(object["session"] as? [String: Any])
        XCTAssertEqual(session["auth_mechanisms"] as? [String], ["LOGIN", "PLAIN"])
        XCTAssertEqual(session["size_limit"] as? Int, 33_554_432)
        XCTAssertEqual(session["user"] as? String, "dana")
        XCTAssertEqual(try server.received().count, 0, "--check sends no message")
        XCTAssertEqual(try letters().map(\.status), [.drafted])
        XCTAssertEqual(try String(contentsOfFile: server.spool.path("auth.log"), encoding: .utf8).count(of: "ok"), 2)
    }

    /// With --insecure-skip-verify nothing was verified, and --check says so (it printed
    /// "verified" for a self-signed certificate); `verified` in its JSON says the same.
    func testCheckSaysACertificateNotCheckedIsNotVerified() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("selfsigned"))
        try configure(port: server.port, ["username": "dana"])
        let skipped = try send("--check", "--insecure-skip-verify")
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        let line = try XCTUnwrap(skipped.stdout.split(separator: "\n").first { $0.hasPrefix("Certificate:") })
        XCTAssertTrue(line.hasSuffix("; NOT verified (--insecure-skip-verify)"), String(line))
        XCTAssertFalse(line.hasSuffix("; verified"), String(line))
        let json = try send("--check", "--insecure-skip-verify", "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(object["verified"] as? Bool, false)
        // Verified for real: the server's certificate from the test CA, the CA trusted.
        let trusted = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        try configure(port: trusted.port, ["username": "dana", "ca_file": certificates.ca])
        let verified = try send("--check", "--json")
        XCTAssertEqual(verified.status, 0, verified.stderr)
        let checked = try XCTUnwrap(try JSONSerialization.jsonObject(with: verified.stdoutData) as? [String: Any])
        XCTAssertEqual(checked["verified"] as? Bool, true)
        let text = try send("--check")
        XCTAssertTrue(text.stdout.contains(" days); verified\n"), text.stdout)
        // No TLS, nothing verified.
        let plain = try SMTPTestServer(["--no-starttls"])
        XCTAssertEqual(try outreach("profile", "set", "smtp.username", "").status, 0)
        try configure(port: plain.port, security: "none", [:])
        let none = try send("--check", "--json")
        XCTAssertEqual(none.status, 0, none.stderr)
        let unencrypted = try XCTUnwrap(try JSONSerialization.jsonObject(with: none.stdoutData) as? [String: Any])
        XCTAssertEqual(unencrypted["verified"] as? Bool, false)
    }

    /// Issue 18 in the check: what a server says reaches the terminal with nothing a terminal
    /// would act on (a server's reply has its control characters replaced when it is read, and
    /// the report is printed through `VisibleText` as every line).
    func testCheckShowsWhatTheServerSaysVisibly() throws {
        try draftLetters(1)
        let server = try SMTPTestServer(["--no-starttls", "--hostname", "mx.example.org\u{1B}[2J\u{7}"])
        try configure(port: server.port, security: "none", [:])
        let check = try send("--check")
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("Greeting:    mx.example.org\u{FFFD}[2J\u{FFFD} Python SMTP"), check.stdout)
        XCTAssertFalse(check.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, check.stdout)
    }

    func testTestSendGoesToTheSenderAloneAndTheLetterStaysDrafted() throws {
        try draftLetters(2, cc: "clerk@example.org")
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(port: server.port, security: "none", ["daily_cap": "2"])
        let test = try send("--test", "2")
        XCTAssertEqual(test.status, 0, test.stderr)
        XCTAssertTrue(
            test.stdout.contains("Sent letter 2 to dana.rivera@example.org only, as a test: 250 2.0.0 Ok"), test.stdout)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), [["dana.rivera@example.org"]], "neither the office nor the copy")
        let message = String(decoding: received[0].data, as: UTF8.self)
        XCTAssertTrue(message.contains("To: Mayor Number2 <r2@example.com>\r\n"), "the real letter: \(message)")
        // Its own Message-ID: a report about the copy is never one about the letter.
        let letterID = try XCTUnwrap(letters().last?.messageId)
        XCTAssertTrue(message.contains(".test0000@example.org>\r\n"), message)
        XCTAssertFalse(message.contains(letterID), message)
        _ = try MessageCheck.check(received[0].data)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
        XCTAssertEqual(try letters().map(\.attempts), [0, 0])
        let history = try history(of: 2)
        XCTAssertEqual(history.map(\.kind), [.drafted, .testSent])
        XCTAssertTrue(history[1].detail.hasPrefix("to dana.rivera@example.org: 250 2.0.0 Ok"), history[1].detail)
        // The test counts against the daily cap: 2 a day leaves room for 1 letter.
        let run = try send()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try server.received().count, 2)
        XCTAssertEqual(try letters().map(\.status), [.sent, .drafted])
        XCTAssertTrue(run.stdout.contains("1 more wait for the daily cap (2 in 24 hours)."), run.stdout)
        XCTAssertEqual(try send("--test", "99").status, 66)
    }

    /// After a test, the next step fits the letter's status: only one that `send` would send is
    /// told "the office gets it with: outreach send ID" (a sent letter was told so).
    func testTestSendSaysWhatBecomesOfTheLetterByItsStatus() throws {
        try draftLetters(4)
        let server = try SMTPTestServer(["--no-starttls", "--rcpt", "r3@example.com=550"])
        try configure(port: server.port, security: "none", [:])
        XCTAssertEqual(try send("1", "3").status, 1, "letter 3 is refused")
        XCTAssertEqual(try outreach("discard", "4").status, 0)
        XCTAssertEqual(try letters().map(\.status), [.sent, .drafted, .failed, .discarded])
        let expected = [
            "The letter was already sent to the office; 'outreach send' never sends it again.",
            "The letter is still drafted; the office gets it with: outreach send 2",
            "The letter failed before; the office gets it with: outreach send --retry-failed 3",
            "The letter is discarded; it is not sent to the office.",
        ]
        for (index, next) in expected.enumerated() {
            let test = try send("--test", String(index + 1))
            XCTAssertEqual(test.status, 0, test.stderr)
            XCTAssertTrue(
                test.stdout.hasPrefix("Sent letter \(index + 1) to dana.rivera@example.org only, as a test: 250 "),
                test.stdout)
            XCTAssertTrue(test.stdout.hasSuffix(" \(next)\n"), test.stdout)
            XCTAssertEqual(test.stdout.contains("the office gets it with"), [1, 2].contains(index), test.stdout)
        }
        XCTAssertEqual(try letters().map(\.status), [.sent, .drafted, .failed, .discarded], "no test changed a letter")
    }

    /// `send --test` counts against the daily cap and honours it, and `--daily-cap N` for both
    /// `--test` and `--check` (the check reported the profile's cap).
    func testTestSendAndCheckHonourTheDailyCap() throws {
        try draftLetters(2)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(port: server.port, security: "none", ["daily_cap": "400"])
        XCTAssertEqual(try send("--limit", "1").status, 0)
        let check = try send("--check", "--daily-cap", "1")
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(
            check.stdout.contains("Daily cap:   0 of 1 left (1 sent in the last 24 hours; --daily-cap)"), check.stdout)
        let json = try send("--check", "--daily-cap", "3", "--json")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(object["daily_cap"] as? Int, 3)
        XCTAssertEqual(object["cap_left"] as? Int, 2)
        XCTAssertTrue(
            try send("--check").stdout.contains(
                "Daily cap:   399 of 400 left (1 sent in the last 24 hours; smtp.daily_cap)"))

        // The flag's cap is reached: said as a run says it, but the test asked for did not go (75).
        let held = try send("--test", "2", "--daily-cap", "1")
        XCTAssertEqual(held.status, 75, held.stderr)
        XCTAssertEqual(
            held.stdout,
            "Nothing to send now.\nThe daily cap is reached: 1 sent in the last 24 hours (cap 1); the test of letter 2 is not sent: try later, or give --daily-cap N for this run.\n"
        )
        let capped = try send("--daily-cap", "1")
        XCTAssertTrue(
            capped.stdout.contains("The daily cap is reached: 1 sent in the last 24 hours (cap 1); the rest wait."),
            "the same shape as a run's: \(capped.stdout)")
        XCTAssertEqual(try server.received().count, 1, "no test went")
        let history = try history(of: 2)
        XCTAssertEqual(history.map(\.kind), [.drafted], "nothing is recorded")
        // The profile's cap: the room left goes to one test, then a test is refused.
        try configure(port: server.port, security: "none", ["daily_cap": "2"])
        XCTAssertEqual(try send("--test", "2").status, 0)
        XCTAssertEqual(try server.received().count, 2)
        let full = try send("--test", "2")
        XCTAssertEqual(full.status, 75, full.stderr)
        XCTAssertTrue(
            full.stdout.contains(
                "The daily cap is reached: 2 sent in the last 24 hours (cap 2); the test of letter 2 is not sent"),
            full.stdout)
        XCTAssertEqual(try server.received().count, 2)
        // No cap (0): the test goes.
        XCTAssertEqual(try send("--test", "2", "--daily-cap", "0").status, 0)
        XCTAssertEqual(try server.received().count, 3)
    }
}

extension String {
    /// How many times `part` occurs.
    fileprivate func count(of part: String) -> Int {
        components(separatedBy: part).count - 1
    }
}
