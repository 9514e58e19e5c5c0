import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 11, drafting: one identity for an office (its mailbox, else its contact form, else the
/// addressee at a postal address), across runs, lists, ids and discards; an envelope that names
/// each mailbox once; a copy to oneself in the envelope only.
final class OncePerOfficeTests: CLITestCase {
    /// A list of one mayor of Springfield, IL.
    func mayorList(_ name: String, id: String, email: String) throws -> String {
        try folder.write(
            "lists/\(name).csv",
            Self.header + "\n" + Self.row(id: id, name: "Joe Quimby", family: "Quimby", email: email) + "\n")
    }

    func draft(_ recipients: String, template: String = "letter", _ extra: [String] = []) throws -> RunResult {
        try outreach(
            [
                "draft", "--to", "mayor", "--anywhere", "--recipients", recipients, "--templates",
                folder.path("Templates"), "--template", template,
            ] + extra)
    }

    func testTwoListsNameOneMailboxUnderDifferentIdsAndCase() throws {
        try makeOaklandProfile()
        try folder.write("Templates/letter.txt", Self.template(body: "Dear Mayor {{recipient.family_name}},\nHi.\n"))
        try folder.write("Templates/other.txt", Self.template(body: "Dear Mayor {{recipient.family_name}},\nAgain.\n"))
        let listA = try mayorList("a", id: "springfield-mayor", email: "mayor@springfield.example.org")
        let listB = try mayorList("b", id: "ocd-person/0001", email: "Mayor@Springfield.EXAMPLE.org")

        let first = try draft(listA)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try letters().map(\.recipientId), ["springfield-mayor"])
        let before = databaseBytes()
        let second = try draft(listB)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("Nothing new to draft."), second.stdout)
        XCTAssertTrue(
            second.stdout.contains(
                "Joe Quimby (ocd-person/0001): already drafted to mayor@springfield.example.org as #1 (springfield-mayor); --again to draft anyway."
            ), second.stdout)
        XCTAssertEqual(databaseBytes(), before, "nothing was written")

        // Both lists read in one run, with a template not drafted yet: one letter, and a line.
        let both = try draft(folder.path("lists"), template: "other")
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stdout.contains("Drafted 1 letter with template other"), both.stdout)
        XCTAssertTrue(
            both.stdout.contains(
                "Joe Quimby (ocd-person/0001): already drafted to mayor@springfield.example.org as #2"),
            both.stdout)
        XCTAssertEqual(try letters().count, 2)

        let again = try draft(listB, ["--again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try letters().map(\.recipientId), ["springfield-mayor", "springfield-mayor", "ocd-person/0001"])

        let json = try draft(listB, ["--json"])
        let summary = try JSONDecoder.outreachOutput.decode(DraftSummary.self, from: Data(json.stdout.utf8))
        XCTAssertEqual(summary.alreadyDrafted.map(\.letterId), [3])
        XCTAssertEqual(summary.alreadyDrafted.first?.earlierRecipientId, "ocd-person/0001")
    }

    func testDiscardedLettersAreRemembered() throws {
        try makeOaklandProfile()
        try folder.write("Templates/letter.txt", Self.template(body: "Dear Mayor {{recipient.family_name}},\nHi.\n"))
        let list = try mayorList("a", id: "springfield-mayor", email: "mayor@springfield.example.org")
        XCTAssertEqual(try draft(list).status, 0)
        XCTAssertEqual(try outreach("discard", "1").status, 0)
        let before = databaseBytes()
        let redraft = try draft(list)
        XCTAssertEqual(redraft.status, 0, redraft.stderr)
        XCTAssertTrue(redraft.stdout.contains("Nothing new to draft."), redraft.stdout)
        XCTAssertTrue(redraft.stdout.contains("1 discarded before: #1; --again to draft anyway."), redraft.stdout)
        XCTAssertEqual(databaseBytes(), before)
        let listed = try outreach(
            "recipients", "list", "--to", "mayor", "--anywhere", "--recipients", list, "--not-written")
        XCTAssertTrue(listed.stdout.contains("0 mayor (matches); 1 already written to left out"), listed.stdout)

        let again = try draft(list, ["--again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try letters().map(\.status), [.discarded, .drafted])
    }

    func testCcWithTheSendersAddressAndCcEqualToTo() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n" + Self.row(id: "a", name: "Alex Doe", city: "Alpha", email: "mayor.a@example.com") + "\n"
            + Self.row(id: "b", name: "Bea Roe", family: "Roe", city: "Beta", email: "mayor.b@example.com") + "\n"
        let template = Self.template(body: "Dear Mayor {{recipient.family_name}},\nHi.\n")
            .replacingOccurrences(
                of: "description: test\n",
                with:
                    "description: test\ncc: [\"{{sender.email}}\", \"MAYOR.A@example.com\", \"Dana.Rivera@example.org\"]\n"
            )
        let result = try draftFixture(csv: csv, template: template)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("Cc MAYOR.A@example.com is the To address of #1: left out of its Cc and envelope."),
            result.stdout)
        XCTAssertEqual(try envelope(of: 1), ["to mayor.a@example.com", "cc dana.rivera@example.org"])
        XCTAssertEqual(
            try envelope(of: 2), ["to mayor.b@example.com", "cc dana.rivera@example.org", "cc MAYOR.A@example.com"])
        let checked = try MessageCheck.check(try messages())
        XCTAssertEqual(checked[0].cc.map(\.address), ["dana.rivera@example.org"])
        XCTAssertEqual(checked[1].cc.map(\.address), ["dana.rivera@example.org", "MAYOR.A@example.com"])

        let show = try outreach("show", "1")
        XCTAssertTrue(show.stdout.contains("<mayor.a@example.com>, <dana.rivera@example.org>"), show.stdout)
    }

    func testCopyMeIsInTheEnvelopeOnlyAndReachesTheServer() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n" + Self.row(id: "a", name: "Alex Doe", city: "Alpha", email: "mayor.a@example.com") + "\n"
            + Self.row(id: "w", name: "Web Mayor", city: "Beta", email: "", form: "https://example.org/form") + "\n"
        let result = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor,\nHi.\n"), extra: ["--copy-me"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try envelope(of: 1), ["to mayor.a@example.com", "copy-to-self dana.rivera@example.org"])
        XCTAssertEqual(try envelope(of: 2), [], "a letter for a web form has no envelope")
        let message = try messages()[0]
        let checked = try MessageCheck.check(message)
        XCTAssertEqual(checked.to.map(\.address), ["mayor.a@example.com"])
        XCTAssertEqual(checked.cc, [])
        let header = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        XCTAssertEqual(
            header.components(separatedBy: "dana.rivera@example.org").count - 1, 1,
            "the sender's address is only in From: \(header)")
        XCTAssertFalse(header.lowercased().contains("bcc"), header)

        let server = try SMTPTestServer(["--no-starttls"])
        for (key, value) in [("smtp.url", "smtp://127.0.0.1:\(server.port)"), ("smtp.security", "none")] {
            XCTAssertEqual(try outreach("profile", "set", key, value).status, 0)
        }
        let send = try outreach("send", "--rate", "0")
        XCTAssertEqual(send.status, 0, send.stderr)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), [["mayor.a@example.com", "dana.rivera@example.org"]])
        XCTAssertEqual(received.first?.data, try messagesAsSent().first)
        let shown = try outreach("show", "1")
        XCTAssertTrue(shown.stdout.contains("<dana.rivera@example.org> (your copy: envelope only)"), shown.stdout)

        // The profile's copy_me does it for every draft.
        XCTAssertEqual(try outreach("profile", "set", "copy_me", "true").status, 0)
        let profile = try String(contentsOfFile: folder.path("home/profile.toml"), encoding: .utf8)
        XCTAssertTrue(profile.contains("copy_me = true"), profile)
        let again = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor,\nAgain.\n"), extra: ["--again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try envelope(of: 3), ["to mayor.a@example.com", "copy-to-self dana.rivera@example.org"])
        XCTAssertEqual(try outreach("profile", "set", "copy_me", "maybe").status, 65)
    }

    /// Letter `id`'s envelope recipients as `draft` wrote them: "ROLE ADDRESS", in RCPT order.
    private func envelope(of id: Int64) throws -> [String] {
        let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
        return try queue.envelope(letterId: id).map { "\($0.role.rawValue) \($0.address)" }
    }

    /// The messages as they were (or will be) handed to the server.
    private func messagesAsSent() throws -> [[UInt8]] {
        let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
        return try queue.letters().map { try queue.messageAsSent(id: $0.id) }
    }

    func testOfficesWithoutEmailByFormAndByNameAndAddress() throws {
        try makeOaklandProfile()
        let csv =
            [
                Self.header,
                Self.row(id: "f1", name: "Ann Form", city: "Alpha", email: "", form: "https://Example.org/council/"),
                Self.row(id: "f2", name: "Ben Form", city: "Alpha", email: "", form: "https://example.org/council"),
                Self.row(id: "p1", name: "Cy Post", city: "Gamma", email: "", address: "1 City Hall\nGamma, IL 60000"),
                Self.row(id: "p2", name: "Di Post", city: "Gamma", email: "", address: "1 City Hall\nGamma, IL 60000"),
            ].joined(separator: "\n") + "\n"
        let result = try draftFixture(csv: csv, template: Self.template(body: "Dear Mayor,\nHi.\n"))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try letters().map(\.recipientId), ["f1", "p1", "p2"], "one form, two people at one address")
        XCTAssertTrue(
            result.stdout.contains("Ben Form (f2): already drafted to https://Example.org/council/ as #1 (f1)"),
            result.stdout)
        // The same person at the same address in another list, white space and case aside.
        let other = try folder.write(
            "Recipients/other.csv",
            Self.header + "\n"
                + Self.row(
                    id: "x9", name: "CY  POST", city: "Gamma", email: "", address: "1 city hall \n Gamma, IL 60000")
                + "\n")
        let second = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", other, "--templates", folder.path("Templates"),
            "--template", "letter")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(
            second.stdout.contains("CY  POST (x9): already drafted to 1 City Hall, Gamma, IL 60000 as #2 (p1)"),
            second.stdout)
        XCTAssertEqual(try letters().count, 3)
    }
}
