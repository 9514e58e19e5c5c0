import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 2: `outreach draft` on the shipped data and on fixtures.
final class DraftTests: CLITestCase {
    func testDraftsToOaklandsMayorFromTheShippedDataOnce() throws {
        try makeOaklandProfile()
        let first = try outreach("draft", "--to", "mayor", "--note", "My neighbors deserve to feel safe calling 911.")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("Barbara Lee, Mayor, Oakland"), first.stdout)
        let queued = try letters()
        XCTAssertEqual(queued.map(\.recipientName), ["Barbara Lee"])
        XCTAssertEqual(queued.first?.channel, .email)

        let shown = try outreach("show", "1")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("To: Barbara Lee <officeofthemayor@oaklandca.gov>"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("Dear Mayor Lee,"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("My neighbors deserve to feel safe calling 911."), shown.stdout)

        let raw = try outreach("show", "1", "--raw")
        XCTAssertEqual([UInt8](raw.stdoutData), try messages().first)
        let checked = try MessageCheck.check([UInt8](raw.stdoutData))
        XCTAssertEqual(checked.to, [.init(name: "Barbara Lee", address: "officeofthemayor@oaklandca.gov")])
        XCTAssertEqual(checked.from, [.init(name: "Dana Rivera", address: "dana.rivera@example.org")])
        XCTAssertEqual(checked.subject, "A resident of Oakland stands with our immigrant neighbors")
        XCTAssertFalse(checked.text.contains("{{"))

        let second = try outreach("draft", "--to", "mayor", "--note", "again")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("Nothing new to draft."), second.stdout)
        XCTAssertTrue(second.stdout.contains("Already drafted (1): #1 Barbara Lee"), second.stdout)
        XCTAssertEqual(try letters().count, 1)
    }

    func testDraftsToEveryCurrentIllinoisMayorAndNothingTwice() throws {
        try makeOaklandProfile()
        // The expected set, computed independently with Python's csv module.
        let script = """
            import csv, datetime, sys
            today = datetime.date.today().isoformat()
            rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))
                    if r['role'] == 'mayor' and r['state'] == 'IL' and (not r['term_end'] or r['term_end'] >= today)]
            print('\\n'.join(sorted(r['id'] for r in rows)))
            """
        let python = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, Repository.recipients + "/mayors.csv"],
            in: folder.url.path)
        let expected = python.stdout.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(expected.count, 5)

        let first = try outreach(
            "draft", "--to", "mayor", "--state", "IL", "--anywhere", "--note", "Illinois is home to many immigrants.")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try letters().map(\.recipientId).sorted(), expected)
        let checked = try MessageCheck.check(try messages())
        XCTAssertEqual(checked.count, expected.count)
        XCTAssertEqual(Set(checked.compactMap(\.message_id)).count, expected.count, "every Message-ID differs")
        for message in checked {
            XCTAssertTrue(message.text.contains("Illinois is home to many immigrants."))
            XCTAssertFalse(message.text.contains("Dear Mayor ,"))
        }

        let before = databaseBytes()
        let second = try outreach("draft", "--to", "mayor", "--state", "IL", "--anywhere", "--note", "again")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("Nothing new to draft."), second.stdout)
        XCTAssertTrue(second.stdout.contains("Already drafted (\(expected.count))"), second.stdout)
        XCTAssertEqual(databaseBytes(), before, "a draft with nothing new writes nothing")

        let again = try outreach(
            "draft", "--to", "mayor", "--state", "IL", "--anywhere", "--note", "again", "--again", "--limit", "2")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try letters().count, expected.count + 2)
        XCTAssertTrue(
            again.stdout.contains("Left out \(expected.count - 2) recipients past --limit"), again.stdout)
    }

    func testChannelsAndEndedTerms() throws {
        try makeOaklandProfile()
        let csv =
            [
                Self.header,
                Self.row(id: "e1", name: "Email Mayor", city: "Alpha"),
                Self.row(id: "w1", name: "Form Mayor", city: "Beta", email: "", form: "https://example.org/contact"),
                Self.row(
                    id: "p1", name: "Paper Mayor", city: "Gamma", email: "", address: "1 Main St\nGamma, IL 60000"),
                Self.row(id: "x1", name: "Former Mayor", city: "Delta", termEnd: "2020-01-01"),
            ].joined(separator: "\r\n") + "\r\n"
        let result = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nHello.\n"))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("1 by email; 1 need a web form; 1 need printing and posting."), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("Left out 1 recipient in") && result.stdout.contains("whose term has ended"),
            result.stdout)
        let queued = try letters()
        XCTAssertEqual(queued.map(\.channel), [.email, .webForm, .postal])
        XCTAssertEqual(queued[1].contactForm, "https://example.org/contact")
        XCTAssertEqual(queued[2].postalAddress, "1 Main St\nGamma, IL 60000")
        let checked = try MessageCheck.check(try messages())
        XCTAssertEqual(checked[0].to.map(\.address), ["mayor.e1@example.com"])
        XCTAssertEqual(checked[1].to, [], "a letter for a web form has no To")
        let form = try outreach("show", "2")
        XCTAssertTrue(form.stdout.contains("paste into the web form https://example.org/contact"), form.stdout)
    }

    func testOptionalTextInASectionMayBeEmpty() throws {
        try makeOaklandProfile()
        var csv =
            Self.header + "\n" + Self.row(id: "a", city: "Alpha") + "\n" + Self.row(id: "b", city: "Beta", email: "")
            + "\n"
        csv = csv.replacingOccurrences(of: ",test\n", with: ",test\n")
        let body =
            "Dear Mayor {{recipient.family_name}},\n{{#recipient.email}}Reply to {{recipient.email}}.\n{{/recipient.email}}{{^recipient.email}}No email.\n{{/recipient.email}}Bye.\n"
        let result = try draftFixture(csv: csv, template: Self.template(body: body))
        XCTAssertEqual(result.status, 0, result.stderr)
        let checked = try MessageCheck.check(try messages())
        XCTAssertEqual(
            checked.map(\.text),
            ["Dear Mayor Doe,\nReply to mayor.a@example.com.\nBye.\n", "Dear Mayor Doe,\nNo email.\nBye.\n"])
    }

    func testHeaderInjectionThroughCSVIsRefusedAndBodyLineBreaksAreKept() throws {
        try makeOaklandProfile()
        let injected = Self.header + "\n" + Self.row(id: "a", name: "Lee\r\nBcc: x@example.org") + "\n"
        let refused = try draftFixture(csv: injected, template: Self.template(body: "Dear {{recipient.name}},\n"))
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("test.csv:2: field 'name' holds a line break or control character"), refused.stderr)
        XCTAssertEqual(try letters().count, 0)

        for (label, value) in [("tab", "A\tB"), ("lf", "Bcc: x@example.org\nline"), ("crlf", "one\r\ntwo")] {
            let csv = "\(Self.header),remark\n\(Self.row(id: label)),\"\(value)\"\n"
            let subjectUse = try draftFixture(
                csv: csv, template: Self.template(subject: "About {{recipient.remark}}", body: "Hi\n"))
            XCTAssertEqual(subjectUse.status, 65, "\(label): \(subjectUse.stderr)")
            XCTAssertTrue(subjectUse.stderr.contains("field 'remark'"), subjectUse.stderr)
        }
        let csv = "\(Self.header),remark\n\(Self.row(id: "body")),\"Bcc: x@example.org\r\nsecond\nthird\tcolumn\"\n"
        let bodyUse = try draftFixture(csv: csv, template: Self.template(body: "Note:\n{{recipient.remark}}\nEnd\n"))
        XCTAssertEqual(bodyUse.status, 0, bodyUse.stderr)
        let message = try XCTUnwrap(try messages().last)
        let checked = try MessageCheck.check(message)
        XCTAssertFalse(checked.headers.contains("Bcc"))
        XCTAssertEqual(checked.text, "Note:\nBcc: x@example.org\nsecond\nthird\tcolumn\nEnd\n")
        XCTAssertTrue(
            String(decoding: message, as: UTF8.self).contains("Bcc: x@example.org\r\nsecond\r\nthird\tcolumn\r\n"))
    }

    func testAccentsInRecipientDataSurviveTheMerge() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n" + Self.row(id: "a", name: "Aarón Ortíz Nguyễn", family: "Ortíz", city: "Cañon City")
            + "\n"
        let result = try draftFixture(
            csv: csv,
            template: Self.template(
                subject: "Carta a {{recipient.jurisdiction}}",
                body: "Estimado alcalde {{recipient.family_name}}: ¡gracias!\n"))
        XCTAssertEqual(result.status, 0, result.stderr)
        let checked = try MessageCheck.check(try XCTUnwrap(try messages().first))
        XCTAssertEqual(checked.to, [.init(name: "Aarón Ortíz Nguyễn", address: "mayor.a@example.com")])
        XCTAssertEqual(checked.subject, "Carta a Cañon City")
        XCTAssertEqual(checked.text, "Estimado alcalde Ortíz: ¡gracias!\n")
    }

    /// A list written by hand (not imported) in NFD ("e" then U+0308) is drafted in NFC, as an
    /// imported one is: Swift compares strings by canonical equivalence, so bytes are compared.
    func testADecomposedHandWrittenListIsDraftedComposed() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n"
            + Self.row(id: "a", name: "Zoe\u{308} Bronte\u{308}", family: "Bronte\u{308}", city: "Sa\u{303}o Paulo")
            + "\n" + Self.row(id: "b", name: "Ann Lee", family: "Lee") + "\n"
        let result = try draftFixture(
            csv: csv,
            template: Self.template(
                subject: "Hello {{recipient.jurisdiction}}",
                body: "Dear {{recipient.family_name}} of {{recipient.jurisdiction}},\n"))
        XCTAssertEqual(result.status, 0, result.stderr)
        let raw = try messages()
        let checked = try MessageCheck.check(raw)
        XCTAssertEqual(checked.count, 2)
        let first = try XCTUnwrap(checked.first)
        XCTAssertEqual(first.to.map { Array($0.name.utf8) }, [Array("Zo\u{EB} Bront\u{EB}".utf8)])
        XCTAssertEqual(first.subject.map { Array($0.utf8) }, Array("Hello S\u{E3}o Paulo".utf8))
        XCTAssertEqual(Array(first.text.utf8), Array("Dear Bront\u{EB} of S\u{E3}o Paulo,\n".utf8))
        // The To header's encoded word is the NFC name's UTF-8 ("Zo\xC3\xAB Bront\xC3\xAB").
        XCTAssertTrue(
            String(decoding: raw[0], as: UTF8.self).contains("To: =?utf-8?B?Wm/DqyBCcm9udMOr?="),
            String(decoding: raw[0], as: UTF8.self))
        // An ASCII row is as it was.
        XCTAssertEqual(checked.last?.to.map(\.name), ["Ann Lee"])
        XCTAssertEqual(checked.last?.text, "Dear Lee of Springfield,\n")
    }

    func testRepresentativeComesFromTheDistrictOrAnUnambiguousZIP() throws {
        try makeOaklandProfile()
        // 94612 lies in CA-12 only.
        let drafted = try outreach("draft", "--to", "representative", "--note", "hi")
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        XCTAssertEqual(try letters().map(\.recipientName), ["Lateefah Simon"])
        XCTAssertTrue(try letters().allSatisfy { $0.channel == .webForm })
    }

    func testAZIPInTwoDistrictsDraftsNothingUntilOneIsChosen() throws {
        let made = try outreach(
            "init", "--name", "Ana Diaz", "--email", "ana@example.org", "--street", "1 Main", "--city", "Adamsville",
            "--state", "AL", "--zip", "35005")
        XCTAssertEqual(made.status, 0, made.stderr)
        let result = try outreach("draft", "--to", "representative", "--note", "hi")
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(
            result.stderr.contains(
                "error: ZIP 35005 lies in 2 congressional districts: AL-6, AL-7; ZIP codes only approximate districts"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("outreach profile set district AL-6"), result.stderr)
        XCTAssertEqual(try letters().count, 0)
        XCTAssertEqual(try outreach("profile", "set", "district", "AL-7").status, 0)
        XCTAssertEqual(try outreach("draft", "--to", "representative", "--note", "hi").status, 0)
        XCTAssertEqual(try letters().map(\.recipientName), ["Terri A. Sewell"])
    }

    func testAtLargeAndUnknownZIPs() throws {
        XCTAssertEqual(
            try outreach(
                "init", "--name", "Al Ames", "--email", "al@example.org", "--street", "1 Main", "--city", "Anchorage",
                "--state", "AK", "--zip", "99501"
            ).status, 0)
        XCTAssertEqual(try outreach("draft", "--to", "representative", "--note", "hi").status, 0)
        XCTAssertEqual(try letters().map(\.office), ["Representative, U.S. House of Representatives"])
        XCTAssertEqual(try letters().map(\.recipientName), ["Nicholas J. Begich III"])
        XCTAssertEqual(try outreach("profile", "set", "zip", "99999").status, 0)
        let unknown = try outreach("draft", "--to", "representative", "--again", "--note", "hi")
        XCTAssertEqual(unknown.status, 78)
        XCTAssertTrue(
            unknown.stderr.contains("error: your congressional district is not in the profile"), unknown.stderr)
    }

    func testLookupListsEveryCandidateAndWhoamiShowsOwnOfficials() throws {
        let split = try outreach("recipients", "lookup", "--zip", "35005")
        XCTAssertEqual(split.status, 0, split.stderr)
        XCTAssertTrue(
            split.stdout.hasPrefix("ZIP 35005 lies in 2 districts; ZIP codes only approximate districts"), split.stdout)
        XCTAssertTrue(
            split.stdout.contains("AL-6:\n  Gary J. Palmer") && split.stdout.contains("AL-7:\n  Terri A. Sewell"),
            split.stdout)
        let atLarge = try outreach("recipients", "lookup", "--zip", "99501")
        XCTAssertTrue(atLarge.stdout.hasPrefix("AK-0 (at-large):\n  Nicholas J. Begich III"), atLarge.stdout)
        let unknown = try outreach("recipients", "lookup", "--zip", "99999")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("ZIP 99999 is not in the table"), unknown.stderr)
        try makeOaklandProfile()
        let mine = try outreach("whoami")
        XCTAssertEqual(mine.status, 0, mine.stderr)
        XCTAssertTrue(mine.stdout.contains("Barbara Lee, Mayor, Oakland"), mine.stdout)
        XCTAssertTrue(mine.stdout.contains("U.S. House, district CA-12 (from ZIP 94612"), mine.stdout)
        XCTAssertTrue(mine.stdout.contains("Lateefah Simon"), mine.stdout)
        XCTAssertTrue(mine.stdout.contains("Alex Padilla") && mine.stdout.contains("Adam B. Schiff"), mine.stdout)
    }

    /// A value with a line break (a spreadsheet cell's Alt+Enter) stays on its line in every
    /// one-line output, escaped as `queue`, `log` and `recipients list` show it.
    func testValuesWithLineBreaksStayOnOneLine() throws {
        try makeOaklandProfile()
        let csv =
            "id,role,name,given_name,family_name,title,jurisdiction,state,district,party,email,contact_form,phone,address,term_end,source\n"
            + "c1,mayor,Nice Name,Nice,Name,\"Clerk\nof Court\",Springfield,IL,,,clerk@example.com,,555-0100,1 Main St,,test\n"
        let drafted = try draftFixture(csv: csv, template: Self.template(body: "Dear {{recipient.name}},\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        XCTAssertTrue(
            drafted.stdout.contains("\n  #1  Nice Name, Clerk\\nof Court, Springfield  [email]\n"), drafted.stdout)
        let shown = try outreach("show", "1")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertEqual(
            shown.stdout.split(separator: "\n", omittingEmptySubsequences: false)[1],
            "Office:   Clerk\\nof Court, Springfield (\(folder.path("Recipients/test.csv")):2)")
        let queue = try outreach("queue")
        XCTAssertTrue(queue.stdout.contains("Nice Name  Clerk\\nof Court, Springfield"), queue.stdout)
    }

    /// `whoami` shows no "[-]" for a party the data lacks, points at `recipients import csv` for
    /// a missing mayor, and takes no `--templates`, which it does not read.
    func testWhoamiShowsWhatTheDataHasAndHowToAddAMayor() throws {
        try makeOaklandProfile()
        let header =
            "id,role,name,given_name,family_name,title,jurisdiction,state,district,party,email,contact_form,phone,address,term_end,source\n"
        let mine = try folder.write(
            "Recipients/mine.csv",
            header + "c1,mayor,Nice Name,Nice,Name,\"Clerk\nof Court\",Oakland,CA,,,clerk@example.com,,,,,test\n")
        let shown = try outreach("whoami", "--recipients", mine)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(
            shown.stdout.contains(
                "Mayor of Oakland:\n  Nice Name, Clerk\\nof Court, Oakland: email clerk@example.com\n"),
            shown.stdout)
        let elsewhere = try folder.write(
            "Recipients/elsewhere.csv",
            header + "c2,mayor,Al Bo,Al,Bo,Mayor,Fresno,CA,,,mayor@example.com,,,,,test\n")
        let none = try outreach("whoami", "--recipients", elsewhere)
        XCTAssertTrue(
            none.stdout.contains(
                "Mayor of Oakland:\n  no current mayor of Oakland in the lists; add one from a spreadsheet: outreach recipients import csv FILE --role mayor\n"
            ), none.stdout)
        let templates = try outreach("whoami", "--templates", folder.path("Templates"))
        XCTAssertEqual(templates.status, 64, templates.stderr)
        XCTAssertTrue(templates.stderr.contains("Unknown option '--templates'"), templates.stderr)
    }

    func testJSONSummary() throws {
        try makeOaklandProfile()
        let result = try outreach("draft", "--to", "senator", "--note", "hi", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let summary = try JSONDecoder.outreachOutput.decode(DraftSummary.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(summary.letterIds.count, 2)
        XCTAssertEqual(summary.template, "representative-sanctuary")
    }

    func testDraftsStartedTogetherOnANewHomeDraftOnce() throws {
        try makeOaklandProfile()
        let processes = (0..<4).map { _ -> Process in
            let process = Process()
            process.executableURL = RunOutreach.binary
            process.arguments = ["draft", "--to", "mayor", "--state", "IL", "--anywhere", "--note", "x"]
            process.environment = ["OUTREACH_HOME": home, "PATH": "/usr/bin:/bin"]
            process.currentDirectoryURL = Repository.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), [0, 0, 0, 0])
        let ids = try letters().map(\.recipientId)
        XCTAssertEqual(ids.count, Set(ids).count, "no letter drafted twice")
        XCTAssertGreaterThan(ids.count, 5)
    }

    func testANoteTheTemplateCannotHoldIsReported() throws {
        try makeOaklandProfile()
        let result = try draftFixture(
            csv: Self.header + "\n" + Self.row(id: "a") + "\n",
            template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n"), extra: ["--note", "lost words"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("warning: template 'letter' has no {{note}}, so your note is not in the letters"),
            result.stderr)
    }

    func testOldListsAreReportedOnceWithTheRefreshCommand() throws {
        try makeOaklandProfile()
        let csv = Self.header + "\n" + Self.row(id: "a") + "\n"
        try folder.write(
            "Recipients/data-dates.tsv", "test.csv\t2020-01-01\toutreach recipients import openstates DIR\n")
        let old = try draftFixture(csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n"))
        XCTAssertEqual(old.status, 0, old.stderr)
        XCTAssertEqual(
            old.stderr.components(separatedBy: "holds data as of 2020-01-01, more than 6 months ago").count, 2,
            old.stderr)
        XCTAssertTrue(old.stderr.contains("Refresh: outreach recipients import openstates DIR"), old.stderr)
        let listed = try outreach(
            "recipients", "list", "--anywhere", "--recipients", folder.path("Recipients/test.csv"))
        XCTAssertTrue(listed.stderr.contains("holds data as of 2020-01-01"), listed.stderr)
        try folder.write(
            "Recipients/data-dates.tsv",
            "test.csv\t\(RunOutreach.day())\toutreach recipients import openstates DIR\n")
        let fresh = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--again", "--recipients", folder.path("Recipients/test.csv"),
            "--templates", folder.path("Templates"), "--template", "letter")
        XCTAssertFalse(fresh.stderr.contains("more than 6 months"), fresh.stderr)
    }
}
