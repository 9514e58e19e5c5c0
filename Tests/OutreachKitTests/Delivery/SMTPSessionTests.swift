import XCTest

@testable import OutreachKit

/// What `send --check` reads from a connection's opening: one row per case, no socket.
final class SMTPSessionTests: XCTestCase {
    func testTheExtensionsAreRead() {
        // (EHLO extension lines, AUTH mechanisms, SIZE in bytes)
        let rows: [([String], [String], Int?)] = [
            (["PIPELINING", "SIZE 35882577", "AUTH PLAIN LOGIN XOAUTH2"], ["PLAIN", "LOGIN", "XOAUTH2"], 35_882_577),
            (["AUTH=LOGIN PLAIN", "AUTH LOGIN PLAIN"], ["LOGIN", "PLAIN"], nil),
            (["SIZE"], [], 0),
            (["auth plain", "size 1000"], ["PLAIN"], 1000),
            ([], [], nil),
        ]
        for (extensions, mechanisms, size) in rows {
            XCTAssertEqual(SMTPSession.mechanisms(in: extensions), mechanisms, "\(extensions)")
            XCTAssertEqual(SMTPSession.sizeLimit(in: extensions), size, "\(extensions)")
        }
    }

    func testTheFactsComeFromTheLastEHLOAndTheGreeting() throws {
        let profile = Profile(
            name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA", zip: "94612",
            extra: ["smtp.url": "smtp://mail.example.org:587", "smtp.username": "dana"])
        let settings = try SMTPSettings(profile: profile)
        var exchange = CurlExchange(
            code: .ok, text: "", responseCode: 250,
            replies: [
                SMTPReply(command: .greeting, code: 220, text: "mx.example.org ESMTP Postfix"),
                SMTPReply(
                    command: .ehlo, code: 250, text: "mx.example.org STARTTLS",
                    lines: ["mx.example.org", "STARTTLS", "SIZE 10240000"]),
                SMTPReply(command: .startTLS, code: 220, text: "2.0.0 Ready"),
                SMTPReply(
                    command: .ehlo, code: 250, text: "mx.example.org AUTH PLAIN LOGIN",
                    lines: ["mx.example.org", "SIZE 10240000", "AUTH PLAIN LOGIN"]),
                SMTPReply(command: .auth, code: 235, text: "2.7.0 ok"),
                SMTPReply(command: .noop, code: 250, text: "2.0.0 Ok"),
            ], dataStarted: false, bodySent: false)
        exchange.ehloName = "[192.0.2.1]"
        exchange.tls = ("TLSv1.3", "TLS_AES_256_GCM_SHA384")
        exchange.authMechanism = "PLAIN"
        let session = SMTPSession(exchange, settings: settings, user: "dana")
        XCTAssertEqual(session.serverName, "mx.example.org")
        XCTAssertEqual(session.extensions, ["SIZE 10240000", "AUTH PLAIN LOGIN"], "after STARTTLS")
        XCTAssertEqual(session.authMechanisms, ["PLAIN", "LOGIN"])
        XCTAssertEqual(session.sizeLimit, 10_240_000)
        XCTAssertEqual(session.tlsVersion, "TLSv1.3")
        XCTAssertEqual(session.authMechanism, "PLAIN")
        XCTAssertEqual(session.ehloName, "[192.0.2.1]")
        XCTAssertNil(SMTPSession(exchange, settings: settings, user: nil).authMechanism, "no login, no mechanism")
    }

    func testTheCertificatesExpiryIsUnderstood() {
        let padded = ServerCertificate(subject: "CN = a", issuer: "CN = b", expiry: "Jan  1 00:00:00 2030 GMT")
        XCTAssertEqual(padded.expiresAt.map { Timestamp.string($0) }, "2030-01-01T00:00:00Z")
        let plain = ServerCertificate(subject: "CN = a", issuer: "CN = b", expiry: "Nov 29 19:42:21 2027 GMT")
        XCTAssertEqual(plain.expiresAt.map { Timestamp.string($0) }, "2027-11-29T19:42:21Z")
        XCTAssertNil(ServerCertificate(subject: "", issuer: "", expiry: "soon").expiresAt)
    }
}
