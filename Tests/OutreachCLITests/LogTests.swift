import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 5: `outreach log` and `outreach mark`, after real sends to aiosmtpd.
final class LogTests: CLITestCase {
    /// Drafts three email letters (one to an address the server refuses) and a web-form letter,
    /// and sends them.
    private func campaign() throws -> SMTPTestServer {
        try makeOaklandProfile()
        let csv =
            [
                Self.header,
                Self.row(id: "a", name: "Ann Ames, \"Jr.\"", family: "Ames", city: "Alpha"),
                Self.row(id: "b", name: "Bo Bell", family: "Bell", city: "Béta"),
                Self.row(id: "c", name: "Cy Cole", family: "Cole", city: "Gamma", email: "gone@example.com"),
                Self.row(
                    id: "d", name: "Di Dorn", family: "Dorn", city: "Delta", email: "", form: "https://example.org/form"
                ),
            ].joined(separator: "\n") + "\n"
        let drafted = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let server = try SMTPTestServer(["--no-starttls", "--rcpt", "gone@example.com=550"])
        for (key, value) in [("smtp.url", "smtp://127.0.0.1:\(server.port)"), ("smtp.security", "none")] {
            XCTAssertEqual(try outreach("profile", "set", key, value).status, 0)
        }
        let sent = try outreach("send", "--rate", "0")
        XCTAssertEqual(sent.status, 1, sent.stderr)
        return server
    }

    private func entries(_ arguments: String...) throws -> [LogEntry] {
        let result = try outreach(["log", "--json"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode([LogEntry].self, from: Data(result.stdout.utf8))
    }

    func testLogShowsRepliesAndTheMessageIDTheServerReceived() throws {
        let server = try campaign()
        let all = try entries()
        XCTAssertEqual(Set(all.map(\.id)), [1, 2, 3, 4])
        let received = try MessageCheck.check(try server.received().map(\.data))
        let ann = try XCTUnwrap(all.first { $0.id == 1 })
        XCTAssertEqual(ann.status, "sent")
        XCTAssertTrue(ann.reply.hasPrefix("250 2.0.0 Ok: queued as Q"), ann.reply)
        XCTAssertEqual(ann.messageId, received[0].message_id)
        XCTAssertNotNil(ann.sentAt)
        let cy = try XCTUnwrap(all.first { $0.id == 3 })
        XCTAssertEqual(cy.status, "failed")
        XCTAssertTrue(cy.reply.hasPrefix("550 5.1.1"), cy.reply)
        XCTAssertEqual(all.first { $0.id == 4 }?.status, "drafted")
        XCTAssertEqual(all.first { $0.id == 4 }?.channel, "web-form")

        let table = try outreach("log")
        XCTAssertTrue(table.stdout.hasPrefix("WHEN"), table.stdout)
        XCTAssertTrue(table.stdout.contains("550 5.1.1 No such user"), table.stdout)
    }

    func testTableIsExact() throws {
        try makeOaklandProfile()
        let csv =
            [
                Self.header, Self.row(id: "a", name: "Ann Ames", family: "Ames", city: "Alpha"),
                Self.row(
                    id: "d", name: "Di Dorn", family: "Dorn", city: "Delta", email: "", form: "https://example.org/form"
                ),
                Self.row(id: "p", name: "Pat Post", family: "Post", city: "Pi", email: ""),
            ].joined(separator: "\n") + "\n"
        let drafted = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let table = try outreach("log")
        XCTAssertEqual(table.status, 0, table.stderr)
        // The time of the draft changes from run to run: the rest is exact.
        let stable = table.stdout.replacingOccurrences(
            of: "(?m)^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}", with: "YYYY-MM-DD hh:mm",
            options: .regularExpression)
        try Snapshot.assertMatches(stable, named: "log-table.txt")
    }

    func testFiltersGiveTheRightRows() throws {
        _ = try campaign()
        XCTAssertEqual(try entries("--status", "sent").map(\.id).sorted(), [1, 2])
        XCTAssertEqual(try entries("--status", "failed").map(\.id), [3])
        XCTAssertEqual(try entries("--recipient", "béta").map(\.id), [2], "office text, accents")
        XCTAssertEqual(try entries("--recipient", "gone@").map(\.id), [3], "address")
        XCTAssertEqual(try entries("--template", "letter").count, 4)
        XCTAssertEqual(try entries("--template", "other").count, 0)
        XCTAssertEqual(try entries("--to", "mayor", "--limit", "2").count, 2)
        XCTAssertEqual(try entries("--since", "1h").count, 4)
        XCTAssertEqual(try entries("--until", "1h").count, 0)
        XCTAssertEqual(try entries("--since", "2000-01-01").count, 4)
        let bad = try outreach("log", "--since", "yesterday")
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("error: --since: 'yesterday' is not a date or a span"), bad.stderr)
    }

    func testCSVRoundTripsThroughPythonWithAccentsAndCommas() throws {
        _ = try campaign()
        let csv = try outreach("log", "--format", "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let file = try folder.write("log.csv", csv.stdout)
        let script =
            "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))))"
        let parsed = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file], in: folder.url.path)
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(parsed.stdout.utf8))
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(Array(rows.first?.keys.sorted() ?? []), LogEntry.columns.sorted())
        XCTAssertTrue(rows.contains { $0["recipient"] == "Ann Ames, \"Jr.\"" && $0["status"] == "sent" })
        XCTAssertTrue(rows.contains { $0["office"] == "Mayor, Béta" })
    }

    func testSummaryCounts() throws {
        _ = try campaign()
        let result = try outreach("log", "--summary", "--json")
        let summary = try JSONDecoder().decode(LogSummary.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(summary.total, 4)
        XCTAssertEqual(summary.byStatus, ["sent": 2, "failed": 1, "drafted": 1])
        XCTAssertEqual(summary.byTemplate, ["letter": 4])
        XCTAssertNotNil(summary.firstSent)
    }

    func testRetryFailedResendsExactlyTheFailedOnes() throws {
        let server = try campaign()
        XCTAssertEqual(try server.received().count, 2)
        server.stop()
        let accepting = try SMTPTestServer(["--no-starttls"])
        XCTAssertEqual(try outreach("profile", "set", "smtp.url", "smtp://127.0.0.1:\(accepting.port)").status, 0)
        let retried = try outreach("send", "--rate", "0", "--retry-failed")
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertEqual(try accepting.received().map(\.rcptTos), [["gone@example.com"]])
        XCTAssertEqual(try entries("--status", "sent").count, 3)
        let shown = try outreach("show", "3", "--json")
        struct Shown: Decodable { var history: [LetterEvent] }
        let history = try JSONDecoder.outreachOutput.decode(Shown.self, from: Data(shown.stdout.utf8)).history
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .failed, .sending, .sent])
        XCTAssertEqual(history.compactMap(\.replyCode), [550, 250])
    }

    func testMarkRecordsALetterDeliveredAnotherWay() throws {
        _ = try campaign()
        let marked = try outreach(
            "mark", "4", "--delivered-by-hand", "--via", "web-form", "--note", "confirmation 12345")
        XCTAssertEqual(marked.status, 0, marked.stderr)
        let entry = try XCTUnwrap(try entries("--status", "delivered-by-hand").first)
        XCTAssertEqual(entry.id, 4)
        XCTAssertEqual(entry.channel, "web-form")
        XCTAssertEqual(entry.reply, "via web-form: confirmation 12345")
        let again = try outreach("mark", "1", "--delivered-by-hand", "--via", "postal")
        XCTAssertEqual(again.status, 65)
        XCTAssertTrue(again.stderr.contains("letter 1 is sent and cannot be marked delivered by hand"), again.stderr)
    }

    /// Each envelope address in `log --json` has every key the README lists, `updated_at` null
    /// (not missing) while the address is pending, then the time its state was recorded.
    func testRecipientObjectsHaveEveryKeyAndNullUpdatedAtWhilePending() throws {
        try makeOaklandProfile()
        let drafted = try draftFixture(
            csv: Self.header + "\n" + Self.row(id: "a", name: "Ann Ames", family: "Ames", city: "Alpha") + "\n",
            template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        func recipients() throws -> [[String: Any]] {
            let result = try outreach("log", "--json")
            XCTAssertEqual(result.status, 0, result.stderr)
            let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
            return try XCTUnwrap(array.first?["recipients"] as? [[String: Any]])
        }
        let pending = try recipients()
        XCTAssertEqual(pending.count, 1)
        XCTAssertEqual(
            Set(pending[0].keys), ["letter_id", "position", "address", "role", "state", "reply", "updated_at"])
        XCTAssertEqual(pending[0]["letter_id"] as? Int, 1)
        XCTAssertEqual(pending[0]["position"] as? Int, 0)
        XCTAssertEqual(pending[0]["state"] as? String, "pending")
        XCTAssertTrue(pending[0]["updated_at"] is NSNull, "\(pending[0])")
        let server = try SMTPTestServer(["--no-starttls"])
        for (key, value) in [("smtp.url", "smtp://127.0.0.1:\(server.port)"), ("smtp.security", "none")] {
            XCTAssertEqual(try outreach("profile", "set", key, value).status, 0)
        }
        XCTAssertEqual(try outreach("send", "--rate", "0").status, 0)
        let accepted = try recipients()
        XCTAssertEqual(accepted[0]["state"] as? String, "accepted")
        let when = try XCTUnwrap(accepted[0]["updated_at"] as? String)
        XCTAssertNotNil(when.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression), when)
    }

    func testFixesFromATrial() throws {
        // The days the letters went on (a run may cross midnight UTC: then the span has both).
        let firstDay = RunOutreach.day()
        _ = try campaign()
        let lastDay = RunOutreach.day()
        // sent_at is null, not missing, for a letter never sent.
        let raw = try outreach("log", "--json", "--status", "drafted").stdout
        XCTAssertTrue(raw.contains("\"sent_at\":null"), raw)
        // Case and accents are folded for any script; % is not a wildcard.
        XCTAssertEqual(try entries("--recipient", "BETA").map(\.id), [2])
        XCTAssertEqual(try entries("--recipient", "MAYOR, BÉTA").map(\.id), [2])
        XCTAssertEqual(try entries("--recipient", "%").count, 0)
        // --until a day includes that day.
        XCTAssertEqual(try entries("--since", firstDay, "--until", lastDay).count, 4)
        // A huge span is all of the log, not a crash.
        XCTAssertEqual(try entries("--since", "1000000000000000d").count, 4)
        // CSV records end in CRLF (RFC 4180).
        XCTAssertTrue(try outreach("log", "--format", "csv").stdout.contains("sent_at\r\n"))
        // mark is all or none.
        let partial = try outreach("mark", "4", "99", "--delivered-by-hand", "--via", "phone")
        XCTAssertEqual(partial.status, 66, partial.stderr)
        XCTAssertEqual(try entries("--status", "delivered-by-hand").count, 0)
    }

    /// Review of issue 17: a command that writes, interrupted (Ctrl-C or a kill during a large
    /// draft), leaves a hot rollback journal, and every read-only command (`log`, `send
    /// --dry-run`) then failed with "attempt to write a readonly database". They roll it back.
    func testACommandInterruptedMidWriteDoesNotStopTheLog() throws {
        _ = try campaign()
        let before = try entries()
        // A writer that dies inside its transaction, as a killed draft does.
        let died = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                """
                import os, sqlite3, sys
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute('PRAGMA journal_mode = DELETE')
                c.execute('PRAGMA cache_size = 1')
                c.execute('BEGIN IMMEDIATE')
                c.execute("UPDATE letter SET subject = subject || ' (half-written)'")
                c.execute("INSERT INTO batch (createdAt, template, role) SELECT createdAt, template, role FROM batch")
                os._exit(0)
                """,
                database,
            ], in: folder.url.path)
        XCTAssertEqual(died.status, 0, died.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: database + "-journal"), "a hot journal is left")
        let log = try outreach("log", "--summary")
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual(try entries(), before, "the queue as last committed")
        XCTAssertFalse(try entries().contains { $0.subject.contains("half-written") })
        XCTAssertEqual(try outreach("send", "--dry-run").status, 0)
    }
}
