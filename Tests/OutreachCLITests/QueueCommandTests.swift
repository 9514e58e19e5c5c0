import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `outreach queue`, `show`, `discard` and `edit`.
final class QueueCommandTests: CLITestCase {
    private func draftTwo() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n" + Self.row(id: "a", name: "Ann Ames", city: "Alpha") + "\n"
            + Self.row(id: "b", name: "Bo Bell", city: "Beta") + "\n"
        let result = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n"))
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testQueueListsAndFiltersAndPrintsJSON() throws {
        try draftTwo()
        let table = try outreach("queue")
        XCTAssertEqual(table.status, 0)
        XCTAssertTrue(table.stdout.hasPrefix("ID  STATUS   CHANNEL  RECIPIENT  OFFICE"), table.stdout)
        XCTAssertTrue(table.stdout.contains("Ann Ames") && table.stdout.contains("Mayor, Beta"), table.stdout)
        let json = try outreach("queue", "--json")
        let letters = try JSONDecoder.outreachOutput.decode([Letter].self, from: Data(json.stdout.utf8))
        XCTAssertEqual(letters.map(\.recipientName), ["Ann Ames", "Bo Bell"])
        XCTAssertEqual(letters.map(\.status), [.drafted, .drafted])
        XCTAssertEqual(
            try outreach("queue", "--status", "sent").stdout,
            "The queue is empty for that status. Draft with: outreach draft --to mayor --note \"...\"\n")
        let bad = try outreach("queue", "--status", "lost")
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("'lost' is not a status"), bad.stderr)
    }

    func testQueueTableIsExact() throws {
        try draftTwo()
        let table = try outreach("queue")
        XCTAssertEqual(table.status, 0, table.stderr)
        try Snapshot.assertMatches(table.stdout, named: "queue-table.txt")
    }

    func testShowRawIsTheStoredMessageAndShowReadsIt() throws {
        try draftTwo()
        let raw = try outreach("show", "2", "--raw")
        XCTAssertEqual([UInt8](raw.stdoutData), try messages()[1])
        let shown = try outreach("show", "2")
        XCTAssertTrue(
            shown.stdout.contains("Envelope: MAIL FROM:<dana.rivera@example.org> RCPT TO:<mayor.b@example.com>"),
            shown.stdout)
        XCTAssertTrue(shown.stdout.contains("Subject: Hello Beta\n\nDear Mayor Doe,\nThank you.\n"), shown.stdout)
        let missing = try outreach("show", "99")
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("error: no letter 99 in the queue"), missing.stderr)
    }

    func testDiscardKeepsTheLetterButNeverAgain() throws {
        try draftTwo()
        XCTAssertEqual(try outreach("discard", "1").status, 0)
        XCTAssertEqual(try letters().map(\.status), [.discarded, .drafted])
        let twice = try outreach("discard", "1", "1", "2", "2")
        XCTAssertEqual(twice.status, 0, twice.stderr)
        XCTAssertEqual(twice.stdout, "Discarded 1 letter: 2\nAlready discarded: 1\n")
        let history = try outreach("show", "1", "--json")
        struct Shown: Decodable { var history: [LetterEvent] }
        let events = try JSONDecoder.outreachOutput.decode(Shown.self, from: Data(history.stdout.utf8)).history
        XCTAssertEqual(events.map(\.kind), [.drafted, .discarded])
        // A discarded letter still counts as drafted (issue 11): the next run says so, and
        // drafts it again only with --again.
        let csv = Self.header + "\n" + Self.row(id: "a", name: "Ann Ames", city: "Alpha") + "\n"
        let template = Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n")
        let redraft = try draftFixture(csv: csv, template: template)
        XCTAssertEqual(redraft.status, 0, redraft.stderr)
        XCTAssertTrue(redraft.stdout.contains("1 discarded before: #1; --again to draft anyway."), redraft.stdout)
        XCTAssertEqual(try letters().count, 2)
        let again = try draftFixture(csv: csv, template: template, extra: ["--again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try letters().map(\.status), [.discarded, .discarded, .drafted])
    }

    func testEditReplacesTextKeepsMessageIDAndRechecks() throws {
        try draftTwo()
        let before = try MessageCheck.check(try messages()[0])
        let script = try folder.write(
            "editor.sh",
            "#!/bin/sh\nsed -i 's/Thank you./Thank you, truly: ¡gracias!/; s/^Subject: .*/Subject: Edited subject/' \"$1\"\n"
        )
        chmod(script, 0o755)
        let edited = try outreach("edit", "1", environment: ["EDITOR": script])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        let after = try MessageCheck.check(try messages()[0])
        XCTAssertEqual(after.subject, "Edited subject")
        XCTAssertEqual(after.text, "Dear Mayor Doe,\nThank you, truly: ¡gracias!\n")
        XCTAssertEqual(after.message_id, before.message_id)
        XCTAssertEqual(after.to, before.to)
        XCTAssertEqual(try letters()[0].subject, "Edited subject")

        let breaker = try folder.write(
            "breaker.sh", "#!/bin/sh\nprintf 'Subject: x\\n\\nDear {{recipient.name}}\\n' > \"$1\"\n")
        chmod(breaker, 0o755)
        let unchanged = try XCTUnwrap(databaseBytes())
        let refused = try outreach("edit", "2", environment: ["EDITOR": breaker])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("placeholder"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("your edited text is kept in"), refused.stderr)
        XCTAssertEqual(databaseBytes(), unchanged)
    }
}
