import XCTest

@testable import OutreachKit

/// How a transfer's libcurl result and SMTP replies become an outcome: one row per case, no socket.
final class DeliveryOutcomeTests: XCTestCase {
    private let settings: SMTPSettings = {
        let profile = Profile(
            name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA", zip: "94612",
            extra: ["smtp.url": "smtp://mail.example.org:587", "smtp.username": "dana"])
        return try! SMTPSettings(profile: profile)
    }()

    private static let to = "mayor@example.com"
    private static let cc = "clerk@example.com"

    private func exchange(
        _ code: CurlEasy.Code, _ replies: [(SMTPReply.Command, Int, String)], text: String = "curl says no",
        dataStarted: Bool = false, bodySent: Bool = false, withheld: Bool = false, ehloName: String = "[192.0.2.1]"
    ) -> CurlExchange {
        var exchange = CurlExchange(
            code: code, text: text, responseCode: replies.last?.1 ?? 0,
            replies: replies.map { SMTPReply(command: $0.0, code: $0.1, text: $0.2) }, dataStarted: dataStarted,
            bodySent: bodySent,
            contentWithheld: withheld)
        exchange.ehloName = ehloName
        return exchange
    }

    private let accepted: [(SMTPReply.Command, Int, String)] = [
        (.greeting, 220, "mail.example.org ESMTP"), (.ehlo, 250, "mail.example.org"), (.mail, 250, "2.1.0 Ok"),
        (.rcpt("<\(to)>"), 250, "2.1.5 Ok"),
    ]

    func testEachExchangeHasItsOutcome() {
        let host = "mail.example.org"
        let data: [(SMTPReply.Command, Int, String)] = [(.data, 354, "go ahead")]
        let rows: [(String, CurlExchange, DeliveryOutcome)] = [
            (
                "250 after the content",
                exchange(.ok, accepted + data + [(.endOfData, 250, "2.0.0 Ok: queued as Q1")]),
                .sent(reply: "250 2.0.0 Ok: queued as Q1", refused: [])
            ),
            (
                "a copy refused, the letter sent",
                exchange(
                    .ok,
                    accepted + [(.rcpt("<\(Self.cc)>"), 550, "5.1.1 no such user")] + data + [
                        (.endOfData, 250, "2.0.0 Ok")
                    ]),
                .sent(
                    reply: "250 2.0.0 Ok",
                    refused: [RefusedRecipient(address: Self.cc, code: 550, reply: "550 5.1.1 no such user")])
            ),
            (
                "the To deferred while a copy went: deferred (the retry goes to the To alone)",
                exchange(
                    .ok,
                    Array(accepted.dropLast()) + [
                        (.rcpt("<\(Self.to)>"), 450, "4.2.0 busy"), (.rcpt("<\(Self.cc)>"), 250, "Ok"),
                    ] + data
                        + [(.endOfData, 250, "2.0.0 Ok")]),
                .deferred(
                    code: 450,
                    reply: "450 4.2.0 busy (To \(Self.to) deferred; the copies were delivered: 250 2.0.0 Ok)",
                    refused: [RefusedRecipient(address: Self.to, code: 450, reply: "450 4.2.0 busy")])
            ),
            (
                "the To refused for good while a copy went: failed",
                exchange(
                    .ok,
                    Array(accepted.dropLast()) + [
                        (.rcpt("<\(Self.to)>"), 550, "5.1.1 gone"), (.rcpt("<\(Self.cc)>"), 250, "Ok"),
                    ] + data
                        + [(.endOfData, 250, "2.0.0 Ok")]),
                .failed(
                    code: 550, reply: "550 5.1.1 gone (To \(Self.to) refused; the copies were delivered: 250 2.0.0 Ok)",
                    refused: [RefusedRecipient(address: Self.to, code: 550, reply: "550 5.1.1 gone")])
            ),
            (
                "421 to MAIL: the server is closing, nothing of the letter taken, never a refused sender",
                exchange(.other(55), Array(accepted.prefix(2)) + [(.mail, 421, "4.7.0 Too many messages")]),
                .notSent(.serverClosing(host: host, port: 587, reply: "421 4.7.0 Too many messages"))
            ),
            (
                "421 to RCPT, after a copy was refused",
                exchange(
                    .other(55),
                    Array(accepted.prefix(3)) + [
                        (.rcpt("<\(Self.cc)>"), 550, "5.1.1 gone"), (.rcpt("<\(Self.to)>"), 421, "4.4.2 closing"),
                    ]),
                .notSent(.serverClosing(host: host, port: 587, reply: "421 4.4.2 closing"))
            ),
            (
                "421 instead of DATA's 354",
                exchange(.other(55), accepted + [(.data, 421, "4.3.2 shutting down")]),
                .notSent(.serverClosing(host: host, port: 587, reply: "421 4.3.2 shutting down"))
            ),
            (
                "421 after the content: the message was not taken, deferred",
                exchange(
                    .other(55), accepted + data + [(.endOfData, 421, "4.3.2 bye")], dataStarted: true, bodySent: true),
                .deferred(code: 421, reply: "421 4.3.2 bye", refused: [])
            ),
            (
                "530 to MAIL: a login is required, not a refused sender",
                exchange(.other(55), Array(accepted.prefix(2)) + [(.mail, 530, "5.7.0 Authentication required")]),
                .notSent(
                    .authenticationRequired(
                        host: host, port: 587, user: "dana", reply: "530 5.7.0 Authentication required"))
            ),
            (
                "4xx to RCPT: deferred",
                exchange(.other(55), Array(accepted.dropLast()) + [(.rcpt("<\(Self.to)>"), 451, "4.3.0 try later")]),
                .deferred(
                    code: 451, reply: "451 4.3.0 try later",
                    refused: [RefusedRecipient(address: Self.to, code: 451, reply: "451 4.3.0 try later")])
            ),
            (
                "5xx to RCPT: failed",
                exchange(.other(55), Array(accepted.dropLast()) + [(.rcpt("<\(Self.to)>"), 550, "5.1.1 gone")]),
                .failed(
                    code: 550, reply: "550 5.1.1 gone",
                    refused: [RefusedRecipient(address: Self.to, code: 550, reply: "550 5.1.1 gone")])
            ),
            (
                "4xx to MAIL: deferred",
                exchange(.other(55), Array(accepted.prefix(2)) + [(.mail, 452, "4.3.1 full")]),
                .deferred(code: 452, reply: "452 4.3.1 full", refused: [])
            ),
            (
                "5xx after the content: failed, not uncertain",
                exchange(
                    .other(55), accepted + data + [(.endOfData, 554, "5.7.1 spam")], dataStarted: true, bodySent: true),
                .failed(code: 554, reply: "554 5.7.1 spam", refused: [])
            ),
            (
                "421 greeting: the session refused",
                exchange(.other(8), [(.greeting, 421, "4.3.2 busy")]),
                .notSent(.serverRefused(host: host, port: 587, code: 421, reply: "421 4.3.2 busy"))
            ),
            (
                "501 to EHLO and HELO: the name refused, named",
                exchange(
                    .other(9),
                    [
                        (.greeting, 220, "hi"), (.ehlo, 501, "5.5.2 need fully-qualified hostname"),
                        (.helo, 501, "5.5.2 no"),
                    ],
                    ehloName: "laptop"),
                .notSent(.heloRefused(host: host, port: 587, name: "laptop", reply: "501 5.5.2 no"))
            ),
            (
                "421 to EHLO: the session refused for now",
                exchange(.other(8), [(.greeting, 220, "hi"), (.ehlo, 421, "4.7.0 busy")]),
                .notSent(.serverRefused(host: host, port: 587, code: 421, reply: "421 4.7.0 busy"))
            ),
            (
                "STARTTLS refused",
                exchange(.other(64), [(.greeting, 220, "hi"), (.ehlo, 250, "hi"), (.startTLS, 454, "4.7.0 no TLS")]),
                .notSent(.startTLSUnavailable(host: host, port: 587))
            ),
            (
                "AUTH refused",
                exchange(
                    .loginDenied, [(.greeting, 220, "hi"), (.ehlo, 250, "hi"), (.auth, 535, "5.7.8 bad credentials")]),
                .notSent(.authenticationFailed(host: host, user: "dana", reply: "535 5.7.8 bad credentials"))
            ),
            (
                "lost after DATA: uncertain",
                exchange(.other(56), accepted + data, text: "Connection reset", dataStarted: true),
                .uncertain(reason: "Connection reset (after the server accepted DATA)")
            ),
            (
                "certificate not trusted",
                exchange(.peerFailedVerification, [], text: "self-signed"),
                .notSent(.tlsFailed(host: host, port: 587, reason: "self-signed"))
            ),
            (
                "another certificate failure",
                exchange(.sslOther, [], text: "pinned key does not match"),
                .notSent(.tlsFailed(host: host, port: 587, reason: "pinned key does not match"))
            ),
            (
                "a handshake failure that is not the certificate's: no hint about verification",
                exchange(.sslConnectError, [], text: "no protocols available"),
                .notSent(.tlsHandshakeFailed(host: host, port: 587, reason: "no protocols available"))
            ),
            (
                "STARTTLS required and not offered",
                exchange(.useSSLFailed, [(.greeting, 220, "hi"), (.ehlo, 250, "hi")]),
                .notSent(.startTLSUnavailable(host: host, port: 587))
            ),
            (
                "login denied without a reply",
                exchange(.loginDenied, [], text: "Login denied"),
                .notSent(.authenticationFailed(host: host, user: "dana", reply: "Login denied"))
            ),
            (
                "no connection",
                exchange(.couldNotConnect, [], text: "Connection refused"),
                .notSent(.cannotConnect(host: host, port: 587, reason: "Connection refused"))
            ),
            (
                "a silent server",
                exchange(.operationTimedOut, [], text: "Timeout"),
                .notSent(.cannotConnect(host: host, port: 587, reason: "no greeting within 30 seconds"))
            ),
            (
                "a server that stops answering",
                exchange(.operationTimedOut, [(.greeting, 220, "hi")], text: "Timeout"),
                .notSent(.connectionLost(host: host, port: 587, reason: "Timeout"))
            ),
            (
                "the connection lost before MAIL",
                exchange(.other(56), [(.greeting, 220, "hi")], text: "Connection reset"),
                .notSent(.connectionLost(host: host, port: 587, reason: "Connection reset"))
            ),
            (
                "the content withheld",
                exchange(.other(42), accepted + data, withheld: true),
                .notSent(.contentWithheld)
            ),
        ]
        for (name, exchange, expected) in rows {
            XCTAssertEqual(DeliveryOutcome(exchange, server: settings, officials: [Self.to]), expected, name)
        }
    }

    /// The 465/587 mix-ups, recognised from what happened, each error saying what to set.
    func testTheTLSModeMixUpsAreRecognised() {
        func settings(_ url: String) -> SMTPSettings {
            let profile = Profile(
                name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA",
                zip: "94612",
                extra: ["smtp.url": url, "smtp.timeout": "10"])
            return try! SMTPSettings(profile: profile)
        }
        let implicit = settings("smtps://mail.example.org:587")
        let wrongVersion = exchange(
            .sslConnectError, [], text: "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number")
        let outcome = DeliveryOutcome(wrongVersion, server: implicit, officials: [Self.to])
        XCTAssertEqual(outcome, .notSent(.implicitTLSOnPlainPort(host: "mail.example.org", port: 587)))
        if case .notSent(let error) = outcome {
            XCTAssertEqual(error.hint, "set: outreach profile set smtp.url smtp://mail.example.org:587")
            XCTAssertEqual(error.exitCode, 78)
        }
        // The same error text on STARTTLS is a handshake failure, not this mix-up.
        XCTAssertEqual(
            DeliveryOutcome(wrongVersion, server: settings("smtp://mail.example.org:587"), officials: [Self.to]),
            .notSent(
                .tlsHandshakeFailed(
                    host: "mail.example.org", port: 587,
                    reason: "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number")))
        // smtp:// to port 465, by its number: no greeting comes, since it waits for TLS.
        let silent = exchange(.operationTimedOut, [], text: "Timeout")
        let byNumber = DeliveryOutcome(silent, server: settings("smtp://mail.example.org:465"), officials: [Self.to])
        XCTAssertEqual(byNumber, .notSent(.plainOnImplicitTLSPort(host: "mail.example.org", port: 465, seconds: 10)))
        if case .notSent(let error) = byNumber {
            XCTAssertEqual(error.hint, "set: outreach profile set smtp.url smtps://mail.example.org:465")
        }
        XCTAssertEqual(
            DeliveryOutcome(silent, server: settings("smtp://mail.example.org:2525"), officials: [Self.to]),
            .notSent(.cannotConnect(host: "mail.example.org", port: 2525, reason: "no greeting within 10 seconds")),
            "another port is probed by the client before it says so")
        // No hint suggests turning verification off unless the certificate failed.
        let errors: [DeliveryError] = [
            .implicitTLSOnPlainPort(host: "h", port: 587), .plainOnImplicitTLSPort(host: "h", port: 465, seconds: 30),
            .tlsHandshakeFailed(host: "h", port: 465, reason: "no protocols available"),
            .cannotConnect(host: "h", port: 465, reason: "no greeting within 30 seconds"),
            .startTLSUnavailable(host: "h", port: 587),
        ]
        for error in errors {
            XCTAssertFalse(error.hint?.contains("insecure") ?? false, "\(error)")
            XCTAssertFalse(error.hint?.contains("ca_file") ?? false, "\(error)")
        }
        XCTAssertTrue(
            DeliveryError.tlsFailed(host: "h", port: 465, reason: "self-signed certificate").hint?.contains(
                "--insecure-skip-verify") ?? false)
    }

    func testTheToAddressIsFoundWhateverItsCase() {
        let refused = exchange(
            .other(55), Array(accepted.dropLast()) + [(.rcpt("<Mayor@Example.com>"), 550, "5.1.1 gone")])
        guard case .failed(550, _, _) = DeliveryOutcome(refused, server: settings, officials: [Self.to]) else {
            return XCTFail("a 550 to the To address, in other case, is a failure")
        }
    }
}
