import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 12 against a real MTA nobody here wrote: Postfix's smtpd, STARTTLS required with the
/// tests' throwaway CA, AUTH through Dovecot's SASL service, mail thrown away after it is taken.
final class PostfixTests: SMTPTestCase {
    private var certificates: TestCertificates!

    override func setUpWithError() throws {
        try super.setUpWithError()
        certificates = try TestCertificates()
    }

    private func configure(_ server: PostfixTestServer, _ values: [String: String] = [:]) throws {
        var settings = ["username": "dana", "ca_file": certificates.ca]
        for (key, value) in values { settings[key] = value }
        try configure(port: server.port, settings)
    }

    /// A server let go stops its daemons: Dovecot's master (its pid file is in the server's
    /// folder, which goes with it) must not outlive the test.
    func testAServerLetGoLeavesNoDaemonRunning() throws {
        var server: PostfixTestServer? = try PostfixTestServer(
            user: "dana", password: Self.password, certificates: certificates)
        let pidFile = try XCTUnwrap(server?.base.path("dovecot/run/master.pid"))
        let pid = try XCTUnwrap(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(kill(pid, 0), 0, "Dovecot runs while the server does")
        server = nil
        waitUntil("Dovecot's master \(pid) has exited") { kill(pid, 0) != 0 }
        XCTAssertNotEqual(kill(pid, 0), 0)
    }

    func testCheckPrintsPostfixsTLSAndAuthFacts() throws {
        try makeOaklandProfile()
        let server = try PostfixTestServer(user: "dana", password: Self.password, certificates: certificates)
        try configure(server)
        let check = try send("--check")
        XCTAssertEqual(check.status, 0, check.stderr)
        for line in [
            "Greeting:    mx.example.org ESMTP Postfix",
            "TLS:         TLSv1.3",
            "Certificate: CN = good; issued by CN = outreach test CA; expires ",
            "AUTH:        PLAIN LOGIN; logged in as dana (PLAIN)",
            "SIZE:        10240000 bytes (9.8 MB) per message",
            "Daily cap:   400 of 400 left (0 sent in the last 24 hours; smtp.daily_cap)",
            "Nothing was sent.",
        ] {
            XCTAssertTrue(check.stdout.contains(line), "\(line)\n\(check.stdout)")
        }
        XCTAssertFalse(check.stdout.contains(Self.password))
        waitUntil("Postfix logs the session's end") { server.sessions.count == 1 }
        // EHLO, STARTTLS, EHLO again, AUTH, NOOP, QUIT: no MAIL.
        XCTAssertTrue(server.sessions[0].hasPrefix("ehlo=2 starttls=1 auth=1 noop=1 quit=1"), server.sessions[0])
        XCTAssertEqual(server.delivered, [])

        // A wrong password is Postfix's 535, named.
        let refused = try outreach(["send", "--check"], environment: ["OUTREACH_SMTP_PASSWORD": "wrong"])
        XCTAssertEqual(refused.status, 77, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("error: 127.0.0.1 refused the login for dana: 535 5.7.8"), refused.stderr)
    }

    func testFiveLettersThroughAServerThatClosesAfterTwoPerConnection() throws {
        try draftLetters(5)
        let server = try PostfixTestServer(
            user: "dana", password: Self.password, certificates: certificates, closeAfter: 2)
        try configure(server)
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Sent 5, deferred 0, failed 0, unknown 0."), result.stdout)
        // Postfix says its 421 to the RCPT (where it applies the policy), naming the address.
        XCTAssertTrue(
            result.stderr.contains(
                "the server closed the connection 2 times before a letter (421 4.7.0 <r5@example.com>: Recipient address rejected: Too many messages in this connection, closing); outreach reconnected and went on: 3 connections in all"
            ), result.stderr)
        XCTAssertFalse(result.stderr.contains("refused the sender"), result.stderr)
        waitUntil("Postfix has delivered five messages and logged three sessions") {
            server.delivered.count >= 5 && server.sessions.count >= 3
        }
        // Postfix's queue manager delivers in its own order: each once is what counts.
        XCTAssertEqual(server.delivered.sorted(), (1...5).map { "r\($0)@example.com" }, "each once")
        XCTAssertEqual(server.sessions.count, 3, server.sessions.joined(separator: "\n"))
        // Each session logged in again inside TLS; two of them were closed by the 421.
        XCTAssertTrue(
            server.sessions.allSatisfy { $0.contains("starttls=1 auth=1") }, server.sessions.joined(separator: "\n"))
        XCTAssertEqual(
            server.sessions.filter { $0.contains("quit=1") }.count, 1, server.sessions.joined(separator: "\n"))
        XCTAssertTrue(
            try letters().allSatisfy { $0.status == .sent && $0.lastReply.hasPrefix("250 2.0.0 Ok: queued as ") })
    }

    func testPerConnectionKeepsUnderPostfixsLimitWithoutA421() throws {
        try draftLetters(5)
        let server = try PostfixTestServer(
            user: "dana", password: Self.password, certificates: certificates, closeAfter: 2)
        try configure(server, ["per_connection": "2"])
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertFalse(result.stderr.contains("closed the connection"), result.stderr)
        waitUntil("Postfix has delivered five messages and logged three sessions") {
            server.delivered.count >= 5 && server.sessions.count >= 3
        }
        XCTAssertEqual(server.delivered.sorted(), (1...5).map { "r\($0)@example.com" }, "each once, in Postfix's order")
        XCTAssertEqual(server.sessions.count, 3)
        XCTAssertTrue(server.sessions.allSatisfy { $0.contains("quit=1") }, "each connection ended with QUIT")
        XCTAssertFalse(server.log.contains("421 4.7.0"), "Postfix never had to say 421")
    }

    func testPostfixsRateLimitDefersAndStopsTheRun() throws {
        try draftLetters(4)
        let server = try PostfixTestServer(
            user: "dana", password: Self.password, certificates: certificates, messageRateLimit: 2)
        try configure(server)
        let result = try send()
        XCTAssertEqual(result.status, 75, result.stdout + result.stderr)
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent, .deferred, .drafted])
        let deferred = try XCTUnwrap(try letters().dropFirst(2).first)
        XCTAssertTrue(deferred.lastReply.hasPrefix("450 4.7.1"), deferred.lastReply)
        XCTAssertTrue(
            result.stderr.contains(
                "stopped: 127.0.0.1 will not take mail from <dana.rivera@example.org> for now: 450 4.7.1"),
            result.stderr)
        waitUntil("Postfix has delivered two messages") { server.delivered.count >= 2 }
        XCTAssertEqual(server.delivered.sorted(), ["r1@example.com", "r2@example.com"])
    }
}
