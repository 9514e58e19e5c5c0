import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 11, each recipient's own outcome: the RCPT replies are recorded per envelope address,
/// and a retry goes only to the addresses not yet accepted, so a copy is never sent twice.
final class EnvelopeRecipientsTests: SMTPTestCase {
    /// Makes letter `id`'s next attempt due now, as the passing of its backoff would.
    private func makeDue(_ id: Int64) throws {
        let result = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE letter SET nextAttemptAt = '2000-01-01T00:00:00Z' WHERE id = ?\", (int(sys.argv[2]),)); c.commit()",
                database, String(id),
            ], in: folder.url.path)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testADeferredToIsRetriedAloneAndTheCopyGoesOnce() throws {
        try draftLetters(1, cc: "clerk@example.org")
        let server = try SMTPTestServer(["--no-starttls", "--rcpt-once", "r1@example.com=451"])
        try configure(port: server.port, security: "none")
        let first = try send()
        XCTAssertEqual(first.status, 75, first.stdout + first.stderr)
        XCTAssertEqual(try letters().map(\.status), [.deferred], "the To is not accepted yet: deferred, not failed")
        XCTAssertEqual(try server.received().map(\.rcptTos), [["clerk@example.org"]])
        XCTAssertEqual(
            try recipients(of: 1).map { [$0["address"] ?? "", $0["role"] ?? "", $0["state"] ?? ""] },
            [["r1@example.com", "to", "deferred"], ["clerk@example.org", "cc", "accepted"]])
        XCTAssertEqual(try recipients(of: 1)[0]["reply"], "451 4.3.0 Try again later")
        XCTAssertEqual(try recipients(of: 1)[1]["reply"], "250 2.0.0 Ok: queued as Q00001")
        let shown = try outreach("show", "1")
        XCTAssertTrue(
            shown.stdout.contains("to           r1@example.com     deferred  451 4.3.0 Try again later"), shown.stdout)

        // Not due yet: nothing goes. Once due, the retry goes to the To alone.
        XCTAssertTrue(try send().stdout.contains("Nothing to send now."))
        try makeDue(1)
        let dry = try outreach("send", "--dry-run", "--summary")
        XCTAssertTrue(dry.stdout.contains("RCPT TO:<r1@example.com>  Hello"), dry.stdout)
        let retry = try send()
        XCTAssertEqual(retry.status, 0, retry.stdout + retry.stderr)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), [["clerk@example.org"], ["r1@example.com"]])
        let everyone = received.flatMap(\.rcptTos)
        XCTAssertEqual(everyone.filter { $0 == "r1@example.com" }.count, 1, "the office gets one letter")
        XCTAssertEqual(everyone.filter { $0 == "clerk@example.org" }.count, 1, "the copy one in all")
        let messageIds = received.map { message in
            String(decoding: message.data, as: UTF8.self).split(separator: "\r\n").first { $0.hasPrefix("Message-ID:") }
        }
        XCTAssertEqual(messageIds[0], messageIds[1], "the same letter, its Message-ID kept through the retry")
        XCTAssertNotNil(messageIds[0])
        XCTAssertEqual(try letters().map(\.status), [.sent])
        XCTAssertEqual(try recipients(of: 1).map { $0["state"] ?? "" }, ["accepted", "accepted"])
        XCTAssertEqual(try recipients(of: 1)[0]["reply"], "250 2.0.0 Ok: queued as Q00002")

        let log = try outreach("log", "--format", "json")
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: log.stdoutData) as? [[String: Any]])
        let listed = try XCTUnwrap(entries.first?["recipients"] as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["address"] as? String }, ["r1@example.com", "clerk@example.org"])
        XCTAssertEqual(listed.map { $0["state"] as? String }, ["accepted", "accepted"])
        XCTAssertEqual(
            listed.map { $0["reply"] as? String }, ["250 2.0.0 Ok: queued as Q00002", "250 2.0.0 Ok: queued as Q00001"])
    }

    /// Issue 11's copy to oneself meets issue 12's outcomes: `draft --copy-me` writes the row
    /// `copy-to-self` with the letter, and a retry after a deferred To goes to the To alone.
    func testACopyToSelfIsARowOfItsOwnAndAfterADeferredToGoesOnce() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n"
            + Self.row(id: "r1", name: "Mayor Number1", family: "Number1", city: "Town1", email: "r1@example.com")
            + "\n"
        let template = Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n")
            .replacingOccurrences(of: "description: test\n", with: "description: test\ncc: clerk@example.org\n")
        let drafted = try draftFixture(csv: csv, template: template, extra: ["--copy-me"])
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        func rows() throws -> [String] {
            try recipients(of: 1).map { "\($0["role"] ?? "") \($0["address"] ?? "") \($0["state"] ?? "")" }
        }
        XCTAssertEqual(
            try rows(),
            [
                "to r1@example.com pending", "cc clerk@example.org pending",
                "copy-to-self dana.rivera@example.org pending",
            ], "draft writes every envelope recipient with its role")

        let server = try SMTPTestServer(["--no-starttls", "--rcpt-once", "r1@example.com=451"])
        try configure(port: server.port, security: "none")
        let first = try send()
        XCTAssertEqual(first.status, 75, first.stdout + first.stderr)
        XCTAssertEqual(try letters().map(\.status), [.deferred])
        XCTAssertEqual(try server.received().map(\.rcptTos), [["clerk@example.org", "dana.rivera@example.org"]])
        XCTAssertEqual(
            try rows(),
            [
                "to r1@example.com deferred", "cc clerk@example.org accepted",
                "copy-to-self dana.rivera@example.org accepted",
            ])

        try makeDue(1)
        let retry = try send()
        XCTAssertEqual(retry.status, 0, retry.stdout + retry.stderr)
        let received = try server.received()
        XCTAssertEqual(
            received.map(\.rcptTos), [["clerk@example.org", "dana.rivera@example.org"], ["r1@example.com"]],
            "the retry goes to the To alone")
        let everyone = received.flatMap(\.rcptTos)
        for address in ["r1@example.com", "clerk@example.org", "dana.rivera@example.org"] {
            XCTAssertEqual(everyone.filter { $0 == address }.count, 1, "\(address) gets one message in all")
        }
        XCTAssertEqual(try letters().map(\.status), [.sent])
        XCTAssertEqual(
            try rows(),
            [
                "to r1@example.com accepted", "cc clerk@example.org accepted",
                "copy-to-self dana.rivera@example.org accepted",
            ])
        XCTAssertTrue(try send("--retry-failed").stdout.contains("Nothing to send now."))
        XCTAssertEqual(try server.received().count, 2, "nothing goes again")
    }

    func testARefusedToIsFailedAndRetryFailedGoesToItAlone() throws {
        try draftLetters(1, cc: "clerk@example.org")
        let server = try SMTPTestServer(["--no-starttls", "--rcpt-once", "r1@example.com=550"])
        try configure(port: server.port, security: "none")
        let first = try send()
        XCTAssertEqual(first.status, 1, first.stderr)
        let letter = try XCTUnwrap(try letters().first)
        XCTAssertEqual(letter.status, .failed)
        XCTAssertTrue(
            letter.lastReply.contains("(To r1@example.com refused; the copies were delivered: 250"), letter.lastReply)
        XCTAssertEqual(try recipients(of: 1).map { $0["state"] ?? "" }, ["refused", "accepted"])
        let retried = try send("--retry-failed")
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertEqual(try server.received().map(\.rcptTos), [["clerk@example.org"], ["r1@example.com"]])
        XCTAssertEqual(try letters().map(\.status), [.sent])
    }

    func testARefusedCopyOfASentLetterIsRecordedAndNeverRetried() throws {
        try draftLetters(1, cc: "clerk@example.org")
        let server = try SMTPTestServer(["--no-starttls", "--rcpt", "clerk@example.org=550"])
        try configure(port: server.port, security: "none")
        XCTAssertEqual(try send().status, 0)
        XCTAssertEqual(try letters().map(\.status), [.sent])
        XCTAssertEqual(try recipients(of: 1).map { $0["state"] ?? "" }, ["accepted", "refused"])
        XCTAssertEqual(try recipients(of: 1)[1]["reply"], "550 5.1.1 No such user")
        XCTAssertTrue(try send("--retry-failed").stdout.contains("Nothing to send now."))
        XCTAssertEqual(try server.received().count, 1)
    }
}
