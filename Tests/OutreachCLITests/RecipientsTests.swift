import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `outreach recipients list`, `roles` and `import`.
final class RecipientsTests: CLITestCase {
    func testListUsesTheSameFiltersAndPrintsJSON() throws {
        try makeOaklandProfile()
        let mine = try outreach("recipients", "list", "--to", "mayor", "--json")
        XCTAssertEqual(mine.status, 0, mine.stderr)
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(mine.stdout.utf8))
        XCTAssertEqual(rows.map { $0["name"] }, ["Barbara Lee"])
        XCTAssertEqual(rows.first?["jurisdiction"], "Oakland")
        XCTAssertTrue(rows.first?["source_row"]?.hasPrefix("Recipients/mayors.csv:") ?? false)
        let senators = try outreach("recipients", "list", "--to", "senator", "--state", "NY", "--json")
        XCTAssertEqual(try JSONDecoder().decode([[String: String]].self, from: Data(senators.stdout.utf8)).count, 2)
    }

    /// `recipients list --to representative` finds the district from the ZIP, as `draft` and
    /// `whoami` do, when the profile has none.
    func testListFindsTheRepresentativeFromTheZIP() throws {
        try makeOaklandProfile()
        let whoami = try outreach("whoami")
        XCTAssertTrue(whoami.stdout.contains("Lateefah Simon"), whoami.stdout)
        for extra in [[], ["--not-written"]] {
            let list = try outreach(["recipients", "list", "--to", "representative"] + extra)
            XCTAssertEqual(list.status, 0, list.stderr)
            let lines = list.stdout.split(separator: "\n").map(String.init)
            XCTAssertEqual(
                Array(lines.prefix(3)),
                [
                    "ID       ROLE            NAME            OFFICE                                         STATE  DISTRICT  CHANNEL",
                    "S001231  representative  Lateefah Simon  Representative, U.S. House of Representatives  CA     12        web-form",
                    "1 representative in CA for district CA-12"
                        + (extra.isEmpty ? "" : "; 0 already written to left out"),
                ], list.stdout)
        }
        let draft = try outreach("draft", "--to", "representative", "--note", "x")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        let after = try outreach("recipients", "list", "--to", "representative", "--not-written")
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(
            after.stdout.contains("0 representative in CA for district CA-12 (matches); 1 already written to left out"),
            after.stdout)
    }

    func testListTableIsExact() throws {
        let csv =
            [
                Self.header, Self.row(id: "a", name: "Ann Ames", family: "Ames", city: "Alpha"),
                Self.row(
                    id: "d", name: "Di Dorn", family: "Dorn", city: "Delta", email: "", form: "https://example.org/form"
                ),
                Self.row(id: "p", name: "Pat Post", family: "Post", city: "Pi", email: ""),
                Self.row(id: "x", name: "Ex Gone", family: "Gone", city: "Xi", termEnd: "2001-01-01"),
            ].joined(separator: "\n") + "\n"
        let file = try folder.write("Recipients/test.csv", csv)
        let list = try outreach("recipients", "list", "--to", "mayor", "--anywhere", "--recipients", file)
        XCTAssertEqual(list.status, 0, list.stderr)
        try Snapshot.assertMatches(list.stdout, named: "recipients-list-table.txt")
    }

    /// Names written decomposed (NFD, as macOS exports them) and in a wide script line up: a
    /// column's width is counted in characters as shown (grapheme clusters), CJK as two.
    func testTablesLineUpDecomposedAndWideNames() throws {
        let nfd = { (text: String) in text.decomposedStringWithCanonicalMapping }
        XCTAssertNotEqual(nfd("Zoë Ñúñez").unicodeScalars.count, "Zoë Ñúñez".unicodeScalars.count, "really decomposed")
        var trustee = Self.row(id: "n1", name: nfd("Zoë Ñúñez"), family: nfd("Ñúñez"))
        trustee = trustee.replacingOccurrences(of: ",Mayor,", with: ",Trustee,")
        let csv =
            [
                Self.header, trustee, Self.row(id: "n2", name: nfd("Nguyễn Thị"), family: nfd("Nguyễn")),
                Self.row(id: "w1", name: "山田太郎", family: "山田"), Self.row(id: "a1", name: "Al Bo", family: "Bo"),
            ].joined(separator: "\n") + "\n"
        let file = try folder.write("Recipients/names.csv", csv)
        let list = try outreach("recipients", "list", "--to", "mayor", "--anywhere", "--recipients", file)
        XCTAssertEqual(list.status, 0, list.stderr)
        let table = list.stdout.split(separator: "\n").prefix(5).joined(separator: "\n") + "\n"
        try Snapshot.assertMatches(table, named: "recipients-list-nfd-wide.txt")
        XCTAssertTrue(table.contains(nfd("Zoë Ñúñez") + "   Trustee, Springfield"), table)
        XCTAssertTrue(table.contains("山田太郎    Mayor, Springfield"), table)

        try makeOaklandProfile()
        let drafted = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", file, "--templates", Repository.templates,
            "--template",
            "mayor-safe-reporting", "--note", "x")
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let log = try outreach("log")
        XCTAssertEqual(log.status, 0, log.stderr)
        let stable = log.stdout.replacingOccurrences(
            of: "(?m)^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}", with: "YYYY-MM-DD hh:mm",
            options: .regularExpression)
        try Snapshot.assertMatches(stable, named: "log-table-nfd-wide.txt")
        XCTAssertTrue(stable.contains(nfd("Nguyễn Thị") + "  Mayor, Springfield"), stable)
    }

    func testRolesCountsCurrentRecipients() throws {
        let result = try outreach("recipients", "roles")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(
            lines.map { $0.split(separator: " ").first.map(String.init) ?? "" },
            ["mayor", "representative", "senator", "state-legislator"])
        let script = """
            import csv, datetime, glob, collections
            today = datetime.date.today().isoformat()
            counts = collections.Counter(r['role'] for f in glob.glob('Recipients/*.csv') for r in csv.DictReader(open(f, encoding='utf-8-sig'))
                                         if not r['term_end'] or r['term_end'] >= today)
            print(' '.join(str(counts[k]) for k in ['mayor', 'representative', 'senator', 'state-legislator']))
            """
        let expected = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], in: Repository.root.path)
        let counts = lines.map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }.joined(separator: " ")
        XCTAssertEqual(counts + "\n", expected.stdout)
    }

    func testImportersRebuildTheShippedFiles() throws {
        let data = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/data")
        guard FileManager.default.fileExists(atPath: data.path) else {
            throw XCTSkip("../shared/data is not beside the repository")
        }
        let out = folder.path("imported")
        // The shipped files were made on this date; the same date gives the same files.
        let asOf = "2026-11-29"
        let openstates = try outreach(
            "recipients", "import", "openstates", data.appendingPathComponent("openstates-people/data").path,
            "--output", out, "--as-of", asOf)
        XCTAssertEqual(openstates.status, 0, openstates.stderr)
        XCTAssertTrue(
            openstates.stdout.contains("Left out 316 mayor records whose term ended before 2026-11-29"),
            openstates.stdout)
        let congress = try outreach(
            "recipients", "import", "congress-legislators",
            data.appendingPathComponent("congress-legislators/legislators-current.yaml").path,
            "--contact-forms", data.appendingPathComponent("openstates-people/data/us/legislature").path, "--output",
            out, "--as-of", asOf)
        XCTAssertEqual(congress.status, 0, congress.stderr)
        // The data has "hhttps://…" as one member's form: left out, Open States' form used instead.
        XCTAssertTrue(
            congress.stderr.contains("F000484: contact_form \"hhttps://fine.house.gov/")
                || congress.stdout.contains(
                    "F000484: contact_form \"hhttps://fine.house.gov/"),
            congress.stdout + congress.stderr)
        let zips = try outreach(
            "recipients", "import", "zccd", data.appendingPathComponent("us-zipcodes-congress/zccd.csv").path,
            "--output", out)
        XCTAssertEqual(zips.status, 0, zips.stderr)
        XCTAssertTrue(zips.stdout.contains("7299 ZIP codes span more than one district"), zips.stdout)
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Repository.recipients).filter {
            $0.hasSuffix(".csv") || $0 == "zip-districts.tsv"
        }.sorted()
        XCTAssertEqual(shipped.filter { $0.hasPrefix("state-legislators-") }.count, 52, "50 states, DC and PR")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: out).filter {
                $0.hasSuffix(".csv") || $0 == "zip-districts.tsv"
            }.sorted(), shipped)
        for name in shipped {
            XCTAssertEqual(
                FileManager.default.contents(atPath: "\(out)/\(name)"),
                FileManager.default.contents(atPath: "\(Repository.recipients)/\(name)"),
                "\(name) differs from the shipped file")
        }
        let csv = try String(contentsOfFile: "\(out)/congress.csv", encoding: .utf8)
        XCTAssertTrue(csv.contains("Republican,,https://fine.house.gov/contact/,202-225-2706"), "F000484's form")
        // Every form in every shipped list is one `draft` takes (a bad one stops drafts to that office).
        let forms = try outreach("recipients", "list", "--anywhere", "--json")
        XCTAssertEqual(forms.status, 0, forms.stderr)
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(forms.stdout.utf8))
        XCTAssertGreaterThan(rows.count, 7000)
        for row in rows {
            let form = row["contact_form"] ?? ""
            XCTAssertTrue(
                form.isEmpty || form.hasPrefix("https://") || form.hasPrefix("http://"), "\(row["id"] ?? ""): \(form)")
        }
        XCTAssertFalse(
            csv.contains("house.gov/address_authentication?form=/contact,,"), "no form URL lands in the email column")
    }

    func testImportNamesAMissingSource() throws {
        let result = try outreach("recipients", "import", "openstates", folder.path("nothing"))
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("error: no Open States data folder at"), result.stderr)
        let unknown = try outreach("recipients", "import", "wikipedia", "x")
        XCTAssertEqual(unknown.status, 64)
    }
}
