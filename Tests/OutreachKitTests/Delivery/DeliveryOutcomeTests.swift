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
        dataStarted: Bool = false, bodySent: Bool = false, withheld: Bool = false
    ) -> CurlExchange {
        CurlExchange(
            code: code, text: text, responseCode: replies.last?.1 ?? 0,
            replies: replies.map { SMTPReply(command: $0.0, code: $0.1, text: $0.2) }, dataStarted: dataStarted,
            bodySent: bodySent,
            contentWithheld: withheld)
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
                "the To refused but a copy sent: failed, even for a 4xx",
                exchange(
                    .ok,
                    Array(accepted.dropLast()) + [
                        (.rcpt("<\(Self.to)>"), 450, "4.2.0 busy"), (.rcpt("<\(Self.cc)>"), 250, "Ok"),
                    ] + data
                        + [(.endOfData, 250, "2.0.0 Ok")]),
                .failed(
                    code: 450, reply: "450 4.2.0 busy (To \(Self.to) refused; the copies were delivered: 250 2.0.0 Ok)",
                    refused: [RefusedRecipient(address: Self.to, code: 450, reply: "450 4.2.0 busy")])
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
                "554 to EHLO: the session refused",
                exchange(.other(8), [(.greeting, 220, "hi"), (.ehlo, 554, "5.7.1 go away")]),
                .notSent(.serverRefused(host: host, port: 587, code: 554, reply: "554 5.7.1 go away"))
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
                "another TLS failure",
                exchange(.sslOther, [], text: "bad cipher"),
                .notSent(.tlsFailed(host: host, port: 587, reason: "bad cipher"))
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
            XCTAssertEqual(DeliveryOutcome(exchange, server: settings, official: Self.to), expected, name)
        }
    }

    func testTheToAddressIsFoundWhateverItsCase() {
        let refused = exchange(
            .other(55), Array(accepted.dropLast()) + [(.rcpt("<Mayor@Example.com>"), 550, "5.1.1 gone")])
        guard case .failed(550, _, _) = DeliveryOutcome(refused, server: settings, official: Self.to) else {
            return XCTFail("a 550 to the To address, in other case, is a failure")
        }
    }
}
