import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 10: `outreach recipients import csv` on spreadsheets shaped like real exports, then
/// `draft` from the list it wrote, for roles of one's own.
final class ImportCSVTests: CLITestCase {
    /// The export fixtures in Tests/Fixtures/Exports.
    static func fixture(_ name: String) -> String {
        Repository.root.appendingPathComponent("Tests/Fixtures/Exports/\(name)").path
    }

    /// Writes a template of the person's own (in `home/templates`).
    func writeTemplate(_ name: String, audience: String, subject: String, body: String) throws {
        try folder.write("home/templates/\(name).txt", Self.template(audience: audience, subject: subject, body: body))
    }

    /// Imports `fixture`, asserting success.
    @discardableResult
    func importFixture(
        _ fixture: String, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line
    ) throws -> RunResult {
        let result = try outreach(["recipients", "import", "csv", Self.fixture(fixture)] + extra)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        return result
    }

    /// Each export imports, drafts with a template that uses a column the import could not map,
    /// and every message passes the message checks.
    func testEveryExportImportsAndDraftsWithAnUnmappedColumn() throws {
        try makeOaklandProfile()
        let cases: [(fixture: String, role: String?, listRole: String, unmapped: String, value: String, count: Int)] = [
            ("excel-csv-utf8.csv", "council-member", "council-member", "ward", "3", 5),
            ("excel-european.csv", "County Board", "county-board", "committee", "Budget & Finance", 4),
            ("google-sheets.csv", nil, "school-board", "neighborhood", "Enos Park", 3),
            ("libreoffice-tab.csv", "sheriff", "sheriff", "precinct", "Central", 3),
            ("mailchimp.csv", "state-representative", "state-representative", "tags", "\"Schools\"", 3),
            ("action-network.csv", "city-council", "city-council", "can2_county", "Sangamon", 3),
            ("council-members-300.csv", nil, "council-member", "committee", "Transit", 300),
        ]
        var drafted = 0
        for item in cases {
            let result = try importFixture(item.fixture, item.role.map { ["--role", $0] } ?? [])
            let name = (item.fixture as NSString).deletingPathExtension
            XCTAssertTrue(
                result.stdout.contains(
                    "\"\(item.unmapped == "can2_county" ? "can2_county" : item.unmapped.capitalized)\"")
                    || result.stdout.contains("→ \(item.unmapped)"),
                result.stdout)
            XCTAssertTrue(result.stdout.contains("kept as {{recipient.\(item.unmapped)}}"), result.stdout)
            XCTAssertTrue(result.stdout.contains("\(item.count) recipient"), result.stdout)
            let rows = try readList(name)
            XCTAssertEqual(rows.count, item.count, item.fixture)
            XCTAssertEqual(Set(rows.map { $0["role"] ?? "" }), [item.listRole], item.fixture)
            XCTAssertEqual(Set(rows.map { $0["id"] ?? "" }).count, item.count, "ids are unique: \(item.fixture)")
            let raw = try XCTUnwrap(FileManager.default.contents(atPath: "\(recipientsFolder)/\(name).csv"))
            XCTAssertEqual(raw.last, 0x0A, "the list ends with a newline")

            try writeTemplate(
                "\(name)-letter", audience: item.listRole, subject: "A note for {{recipient.name}}",
                body:
                    "Dear {{recipient.name}},\nAbout {{recipient.\(item.unmapped)}}: please act.\n{{sender.name}}\n")
            // Two of the lists are of council members; each drafts from its own file here.
            let draft = try outreach(
                "draft", "--to", item.listRole, "--anywhere", "--template", "\(name)-letter", "--recipients",
                "\(recipientsFolder)/\(name).csv")
            XCTAssertEqual(draft.status, 0, "\(item.fixture): \(draft.stderr)")
            let letters = try letters().dropFirst(drafted)
            XCTAssertEqual(letters.count, item.count, item.fixture)
            drafted += letters.count
            let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
            let messages = try letters.map { try queue.message(id: $0.id) }
            let checked = try MessageCheck.check(messages)
            XCTAssertTrue(
                checked.contains { $0.text.contains("About \(item.value): please act.") },
                "\(item.fixture): \(checked.first?.text ?? "")")
            XCTAssertFalse(checked.contains { $0.text.contains("About : please") }, item.fixture)
            // The next list of the role lacks this column: its import would rightly warn that
            // this template shows it (see ImportCSVTrialTests).
            try FileManager.default.removeItem(atPath: folder.path("home/templates/\(name)-letter.txt"))
        }
        // The tab export's offices have no email: web forms and a postal address built from columns.
        let sheriffs = try letters().filter { $0.role == "sheriff" }
        XCTAssertEqual(sheriffs.map(\.channel), [.webForm, .webForm, .postal])
        XCTAssertEqual(sheriffs.last?.postalAddress, "125 N Main St, Suite 4\nPeoria, IL 61602")
    }

    /// A refreshed spreadsheet with one row changed keeps every other recipient's id; a row
    /// without an email address keeps its id from its name and city.
    func testReimportWithOneRowChangedKeepsEveryOtherId() throws {
        let first = try folder.write("council.csv", try String(contentsOfFile: Self.fixture("excel-csv-utf8.csv")))
        try importFixtureFile(first, ["--role", "council-member"])
        let before = try readList("council")
        var text = try String(contentsOfFile: first, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "abrown@springfield.example.org", with: "aisha.brown@springfield.example.org")
        text = text.replacingOccurrences(of: "(217) 555-0103", with: "(217) 555-0199")
        try folder.write("council.csv", text)
        let refused = try outreach("recipients", "import", "csv", first, "--role", "council-member")
        XCTAssertEqual(refused.status, 73, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("error: a list of yours already exists at"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("hint: pass --force"), refused.stderr)
        try importFixtureFile(first, ["--role", "council-member", "--force"])
        let after = try readList("council")
        XCTAssertEqual(before.count, after.count)
        for (old, new) in zip(before, after) where old["given_name"] != "Aisha" {
            XCTAssertEqual(old["id"], new["id"], "the id of \(old["name"] ?? "") changed")
        }
        XCTAssertEqual(after.first { $0["given_name"] == "Marie-Claire" }?["phone"], "(217) 555-0199")
        XCTAssertEqual(
            after.first { $0["given_name"] == "Aisha" }?["id"], "council/aisha.brown@springfield.example.org",
            "a new address is a new mailbox")

        let forms = try folder.write(
            "sheriffs.tsv", try String(contentsOfFile: Self.fixture("libreoffice-tab.csv"), encoding: .utf8))
        try importFixtureFile(forms, ["--role", "sheriff"])
        let ids = try readList("sheriffs").map { $0["id"] ?? "" }
        XCTAssertEqual(
            ids,
            [
                "sheriffs/karen-holloway--springfield", "sheriffs/miguel-alvarez--decatur",
                "sheriffs/ruth-okafor--peoria",
            ])
        try folder.write(
            "sheriffs.tsv",
            try String(contentsOfFile: forms, encoding: .utf8).replacingOccurrences(of: "North", with: "Northwest"))
        try importFixtureFile(forms, ["--role", "sheriff", "--force"])
        XCTAssertEqual(try readList("sheriffs").map { $0["id"] ?? "" }, ids)
    }

    @discardableResult
    private func importFixtureFile(
        _ path: String, _ extra: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws -> RunResult {
        let result = try outreach(["recipients", "import", "csv", path] + extra)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result
    }

    /// Every refusal: exit 65 (`--map` and other flags: 64), `error: FILE:LINE: ...` and a
    /// `hint:`, nothing written, and the person's list as it was.
    func testBadSpreadsheetsAreRefusedAndNothingIsWritten() throws {
        let existing = try folder.write("home/recipients/mine.csv", "kept as it is\n")
        func refuse(
            _ csv: Data, _ extra: [String] = [], status: Int32 = 65, mentions: [String], file: StaticString = #filePath,
            line: UInt = #line
        ) throws {
            let input = try folder.write("sheet.csv", csv)
            let result = try outreach(["recipients", "import", "csv", input, "--name", "mine", "--force"] + extra)
            XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
            for text in mentions {
                XCTAssertTrue(
                    result.stderr.contains(text), "'\(text)' not in: \(result.stderr)", file: file, line: line)
            }
            XCTAssertTrue(result.stderr.contains("hint: "), result.stderr, file: file, line: line)
            XCTAssertEqual(
                try String(contentsOfFile: existing, encoding: .utf8), "kept as it is\n", "the list changed",
                file: file,
                line: line)
            let files = try FileManager.default.contentsOfDirectory(atPath: recipientsFolder)
            XCTAssertEqual(files, ["mine.csv"], "a file was left behind", file: file, line: line)
        }
        let sheet = folder.path("sheet.csv")
        func utf8(_ text: String) -> Data { Data(text.utf8) }
        try refuse(
            utf8("Name,Email,Role\nAna Abbott,ana@example.org,council-member\nBen Cruz,ben@example.org,\n"),
            mentions: ["error: \(sheet):3: field \"Role\" (role) is empty", "--role council-member"])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org\n"),
            mentions: [
                "error: \(sheet):1: no column holds the role; the columns are \"Name\", \"Email\"", "--role ROLE",
            ])
        try refuse(
            utf8("Nom,Courriel\nAna Abbott,ana@example.org\n"), ["--role", "mayor"],
            mentions: ["error: \(sheet):1: no column holds the recipient's name", "\"Nom\", \"Courriel\"", "--map"])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@\n\" Ben Cruz \",ben@example.org\n"), ["--role", "mayor"],
            mentions: ["error: \(sheet):2: field \"Email\" (email) \"ana@\""])
        try refuse(
            utf8("Name,Email,Town\nAna Abbott,\"\",Springfield\n"), ["--role", "mayor"],
            mentions: [
                "error: \(sheet):2: field \"Email\" (email) is empty, and so are the contact form and the postal address"
            ])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org\nBen Cruz,ANA@example.org\n"), ["--role", "mayor"],
            mentions: ["error: \(sheet):3: the address \"ANA@example.org\" is also the recipient of \(sheet):2"])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org,extra\n"), ["--role", "mayor"],
            mentions: ["error: \(sheet):2: row has 3 fields but the header has 2"])
        try refuse(
            utf8("Name,Email,State,Term Ends\nAna Abbott,ana@example.org,Atlantis,1/31/2027\n"), ["--role", "mayor"],
            mentions: [
                "\(sheet):2: field \"State\" (state) \"Atlantis\" is not a US state",
                "\(sheet):2: field \"Term Ends\" (term_end) \"1/31/2027\" is not a date (YYYY-MM-DD)",
                "nothing was written",
            ])
        try refuse(
            utf8("Name;Email;Town\nAna Abbott;ana@example.org;Springfield\n"), ["--role", "mayor", "--delimiter", ","],
            mentions: [
                "error: \(sheet):1: the header is one column, \"Name;Email;Town\", which holds semicolons: the file is separated by semicolons, not commas",
                "hint: leave out --delimiter to detect it, or give --delimiter ';'",
            ])
        try refuse(
            Data([0x4E, 0x61, 0x6D, 0x65, 0x2C, 0x45, 0x6D, 0x61, 0x69, 0x6C, 0x0A])
                + Data("Jos".utf8) + Data([0xE9]) + Data(" Cruz,jose@example.org\n".utf8), ["--role", "mayor"],
            mentions: [
                "error: \(sheet):2: not UTF-8: byte 0xE9",
                "hint: import it as it is with --encoding windows-1252; or convert it first, iconv -f WINDOWS-1252 -t UTF-8 \(sheet) > \(sheet).utf8, and import that with --name sheet so that the list's name and ids stay the same",
            ])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org\n"), ["--role", "mayor", "--map", "Emial=email"], status: 64,
            mentions: ["error: --map \"Emial=email\": the file has no column \"Emial\"", "did you mean \"Email\"?"])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org\n"), ["--role", "mayor", "--map", "Email=E Mail"],
            status: 64, mentions: ["\"E Mail\" is not a column name"])
        try refuse(
            utf8("Name,Email\nAna Abbott,ana@example.org\n"), ["--role", "mayor!"], status: 64,
            mentions: ["error: \"mayor!\" is not a role"])
    }

    /// Windows-1252 is converted with --encoding; `--map` renames and leaves columns out; a
    /// column without a header but with values is kept.
    func testEncodingAndMapOptions() throws {
        let latin =
            Data("Full Name;Mail;Office;Wahlkreis;\r\n".utf8) + Data("Ren".utf8) + Data([0xE9])
            + Data(" Lef".utf8) + Data([0xE8]) + Data("vre;rlefevre@example.org;Alderman;7;x\r\n".utf8)
        let input = try folder.write("aldermen.csv", latin)
        let result = try outreach(
            "recipients", "import", "csv", input, "--encoding", "windows-1252", "--role", "alderman", "--map",
            "Mail=email,Wahlkreis=district", "--map", "Office=")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Windows-1252 (converted to UTF-8)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fields separated by semicolons"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\"Mail\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("→ email (--map)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\"Office\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("left out (--map \"Office=\")"), result.stdout)
        let row = try XCTUnwrap(try readList("aldermen").first)
        XCTAssertEqual(row["name"], "René Lefèvre")
        XCTAssertEqual(row["email"], "rlefevre@example.org")
        XCTAssertEqual(row["district"], "7")
        XCTAssertEqual(row["title"], "")
        XCTAssertEqual(row["column_5"], "x")
    }

    /// A spreadsheet dropped into the recipients folder as it was exported gets the real cause,
    /// never "missing columns" for columns that are there under another spelling.
    func testExportsInTheRecipientsFolderNameTheRealCause() throws {
        try makeOaklandProfile()
        let cases: [(String, String)] = [
            (
                "sep=;\r\nName;Email\r\nAna;ana@example.org\r\n",
                "european.csv:1: the first line, \"sep=;\", is Excel's delimiter line"
            ),
            (
                "id;role;name;email\nx;mayor;Ana;ana@example.org\n",
                "semicolons.csv:1: the header is one column, \"id;role;name;email\", which holds semicolons: the file is separated by semicolons, and outreach's lists by commas"
            ),
            (
                "id\trole\tname\nx\tmayor\tAna\n",
                "tabs.csv:1: the header is one column, \"id\\trole\\tname\", which holds tabs"
            ),
            (
                "First Name,Last Name,E-mail,City\nAna,Abbott,ana@example.org,Oakland\n",
                "spelled.csv:1: the columns are spelled as a spreadsheet spells them (\"First Name\" for given_name, \"Last Name\" for family_name, \"E-mail\" for email, …)"
            ),
        ]
        for (index, item) in cases.enumerated() {
            let name = ["european", "semicolons", "tabs", "spelled"][index]
            let path = try folder.write("home/recipients/\(name).csv", item.0)
            let result = try outreach("draft", "--to", "mayor", "--note", "x")
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stderr.contains(item.1), result.stderr)
            XCTAssertFalse(result.stderr.contains("missing column"), result.stderr)
            XCTAssertTrue(
                result.stderr.contains("hint: move it out of your recipients folder first, then import it"),
                result.stderr)
            XCTAssertTrue(
                result.stderr.contains("mv -i \(path) ~/ && outreach recipients import csv ~/\(name).csv --role ROLE"),
                result.stderr)
            try FileManager.default.removeItem(atPath: path)
        }
        XCTAssertEqual(try letters().count, 0)
    }

    /// Any role: normalized the same way in a list, `--to`, a template's audience and `recipients
    /// roles`; a row without a role is an error naming the file, line and field; `--to` takes
    /// several roles, each with its template.
    func testAnyRoleEverywhereAndSeveralRolesInOneDraft() throws {
        try makeOaklandProfile()
        let csv =
            [
                Self.header,
                Self.row(id: "m1", name: "Mayor One", city: "Oakland", state: "CA"),
                Self.row(id: "c1", name: "Ann Council", city: "Oakland", state: "CA")
                    .replacingOccurrences(of: ",mayor,", with: ",Council Member,"),
                Self.row(id: "c2", name: "Bob Council", city: "Oakland", state: "CA")
                    .replacingOccurrences(of: ",mayor,", with: ", council_member ,"),
            ].joined(separator: "\n") + "\n"
        try folder.write("home/recipients/city.csv", csv)
        try writeTemplate(
            "council-housing", audience: "Council Member", subject: "Housing",
            body: "Dear {{recipient.name}},\nHousing.\n")
        let roles = try outreach("recipients", "roles")
        XCTAssertTrue(roles.stdout.contains("council-member     2      in your own lists"), roles.stdout)
        let list = try outreach("recipients", "list", "--to", "COUNCIL-member")
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("2 council-member of Oakland, CA (matches)"), list.stdout)

        let oneTemplate = try outreach(
            "draft", "--to", "mayor,council-member", "--template", "council-housing", "--note", "x")
        XCTAssertEqual(oneTemplate.status, 64, oneTemplate.stderr)
        XCTAssertTrue(
            oneTemplate.stderr.contains("template 'council-housing' is written for council-member, not 'mayor'"),
            oneTemplate.stderr)
        let both = try outreach("draft", "--to", "mayor", "--to", "Council Member", "--note", "x")
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stdout.contains("Drafted 2 letters to mayor with template mayor-solidarity"), both.stdout)
        XCTAssertTrue(
            both.stdout.contains("Drafted 2 letters to council-member with template council-housing"), both.stdout)
        XCTAssertEqual(
            try letters().map(\.recipientName), ["Barbara Lee", "Mayor One", "Ann Council", "Bob Council"])
        XCTAssertEqual(try letters().map(\.role), ["mayor", "mayor", "council-member", "council-member"])

        let typo = try outreach("draft", "--to", "council-membr")
        XCTAssertEqual(typo.status, 66, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("has the role 'council-membr'"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("hint: did you mean council-member?"), typo.stderr)

        try folder.write(
            "home/recipients/city.csv",
            csv + Self.row(id: "c3", name: "No Role").replacingOccurrences(of: ",mayor,", with: ",,") + "\n")
        let empty = try outreach("draft", "--to", "council-member", "--again")
        XCTAssertEqual(empty.status, 65, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("city.csv:5: field 'role' is empty"), empty.stderr)
        XCTAssertTrue(empty.stderr.contains("hint: give every row a role"), empty.stderr)
        XCTAssertEqual(try letters().count, 4)
    }

    /// Template fields that name no column: the nearest columns, and a spreadsheet's header
    /// answered with the name to use.
    func testTemplateFieldsThatNameNoColumn() throws {
        try makeOaklandProfile()
        try importFixture("excel-csv-utf8.csv", ["--role", "council-member"])
        try writeTemplate("typo", audience: "council-member", subject: "Hi", body: "Ward {{recipient.wrad}}.\n")
        let typo = try outreach("draft", "--to", "council-member", "--anywhere", "--template", "typo")
        XCTAssertEqual(typo.status, 65, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("{{recipient.wrad}} names no field"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("the nearest columns: recipient.ward"), typo.stderr)
        try writeTemplate("spaces", audience: "council-member", subject: "Hi", body: "Dear {{recipient.First Name}},\n")
        let spaces = try outreach("draft", "--to", "council-member", "--anywhere", "--template", "spaces")
        XCTAssertEqual(spaces.status, 65, spaces.stderr)
        XCTAssertTrue(spaces.stderr.contains("'recipient.First Name' is not a field name"), spaces.stderr)
        XCTAssertTrue(spaces.stderr.contains("write it {{recipient.given_name}}"), spaces.stderr)
        try writeTemplate("ward", audience: "council-member", subject: "Hi", body: "Dear {{recipient.Ward #}},\n")
        let ward = try outreach("draft", "--to", "council-member", "--anywhere", "--template", "ward")
        XCTAssertTrue(ward.stderr.contains("write it {{recipient.ward}}"), ward.stderr)
        XCTAssertEqual(try letters().count, 0)
    }

    /// A role of one's own defaults to the sender's city and state where the row has them; the
    /// summaries count what the defaults and filters left out, with the flag that includes them.
    func testOwnRolesDefaultToTheSendersCityAndSayWhatWasLeftOut() throws {
        let result = try outreach(
            "init", "--name", "Dana Rivera", "--email", "dana.rivera@example.org", "--street", "1 Main St", "--city",
            "Springfield", "--state", "IL", "--zip", "62701")
        XCTAssertEqual(result.status, 0, result.stderr)
        try importFixture("council-members-300.csv")
        try importFixture("action-network.csv", ["--role", "council-member"])
        try writeTemplate(
            "council", audience: "council-member", subject: "Hello", body: "Dear {{recipient.name}},\nThanks.\n")
        let draft = try outreach("draft", "--to", "council-member")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        // 30 Springfield, IL rows, and the 3 Action Network rows, which have a state but no city;
        // 150 rows are in WI, MI or OH, and 120 in other Illinois towns.
        XCTAssertTrue(draft.stdout.contains("Drafted 33 letters"), draft.stdout)
        XCTAssertTrue(
            draft.stdout.contains(
                "Left out 150 recipients not in IL: you write to your own officials by default; --state ST or --anywhere includes them."
            ),
            draft.stdout)
        XCTAssertTrue(
            draft.stdout.contains(
                "Left out 120 recipients not in Springfield: you write to your own officials by default; --city NAME or --anywhere includes them."
            ),
            draft.stdout)
        let list = try outreach(
            "recipients", "list", "--to", "council-member", "--state", "WI", "--where", "committee=Housing")
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("10 council-member in WI with committee=Housing (matches)"), list.stdout)
        XCTAssertTrue(list.stdout.contains("Left out 243 recipients not in WI (--state WI)."), list.stdout)
        XCTAssertTrue(
            list.stdout.contains("Left out 50 recipients not matching --where committee=Housing."), list.stdout)
    }

    /// Issue 18 in the import: the sheet is read within bounds (a device refused before a byte
    /// is read, a file without line breaks at the line bound), and nothing is written.
    func testADeviceOrASheetWithoutLineBreaksIsRefusedWithinTheBounds() throws {
        let device = try outreach("recipients", "import", "csv", "/dev/zero", "--role", "sheriff", "--name", "zero")
        XCTAssertEqual(device.status, 66, device.stderr)
        XCTAssertTrue(device.stderr.contains("error: /dev/zero is a character device, not a file"), device.stderr)
        let sheet = try folder.write(
            "long.csv", "Name,Email\n" + String(repeating: "x", count: InputLimits.lineBytes + 1) + ",a@example.org\n")
        let long = try outreach("recipients", "import", "csv", sheet, "--role", "sheriff")
        XCTAssertEqual(long.status, 65, long.stderr)
        XCTAssertTrue(long.stderr.contains("long.csv:2: a line is longer than 64 KiB"), long.stderr)
        for name in ["zero", "long"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("home/recipients/\(name).csv")))
        }
    }
}
