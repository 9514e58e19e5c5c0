import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// What a new user's trial of `outreach recipients import csv` found: each case drives the
/// real binary and checks the values written (or that nothing was).
final class ImportCSVTrialTests: CLITestCase {
    /// Following the hint for a spreadsheet left in the recipients folder never writes over it:
    /// the import refuses to write a list over its own input (also through a symbolic link, and
    /// with --force), and the hint says to move the file out first or use --name.
    func testAnImportNeverWritesOverItsOwnSpreadsheet() throws {
        try makeOaklandProfile()
        let export = "First Name,Last Name,Email,City,State\r\nAna,Abbott,ana@example.org,Oakland,CA\r\n"
        let raw = try folder.write("home/recipients/raw-excel.csv", export)
        let whoami = try outreach("whoami")
        XCTAssertEqual(whoami.status, 65, whoami.stderr)
        XCTAssertTrue(
            whoami.stderr.contains(
                "hint: move it out of your recipients folder first, then import it, which reads it as it is and writes a list of outreach's format: mv -i \(raw) ~/ && outreach recipients import csv ~/raw-excel.csv --role ROLE (or import it where it is under another name, --name LIST, then move it out)"
            ),
            whoami.stderr)

        try FileManager.default.createDirectory(atPath: folder.path("elsewhere"), withIntermediateDirectories: true)
        let link = folder.path("elsewhere/raw-excel.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: raw)
        for (input, extra) in [(raw, [String]()), (raw, ["--force"]), (link, ["--force"])] {
            let result = try outreach(["recipients", "import", "csv", input, "--role", "mayor"] + extra)
            XCTAssertEqual(result.status, 73, result.stderr)
            XCTAssertTrue(
                result.stderr.contains(
                    "error: \(input) is the spreadsheet being imported: the list would be written over it"),
                result.stderr)
            XCTAssertTrue(
                result.stderr.contains(
                    "hint: move the spreadsheet out of your recipients folder first and import it from there, or import it under another name: --name raw-excel-list"
                ),
                result.stderr)
            XCTAssertEqual(try String(contentsOfFile: raw, encoding: .utf8), export, "the spreadsheet changed")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: recipientsFolder), ["raw-excel.csv"])
        }

        let named = try outreach("recipients", "import", "csv", raw, "--role", "mayor", "--name", "mine")
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(try String(contentsOfFile: raw, encoding: .utf8), export)
        XCTAssertTrue(
            named.stderr.contains(
                "warning: the spreadsheet \(raw) is in your recipients folder, where draft reads it as a list and refuses it"
            ),
            named.stderr)
        XCTAssertTrue(
            named.stderr.contains("hint: move it out of your recipients folder: mv -i \(raw) ~/"), named.stderr)
        XCTAssertEqual(try readList("mine").map { $0["email"] ?? "" }, ["ana@example.org"])
    }

    /// Imports `text` (written to `file`), returning the result.
    func importSheet(_ file: String, _ text: String, _ extra: [String]) throws -> RunResult {
        let path = try folder.write(file, text)
        return try outreach(["recipients", "import", "csv", path] + extra)
    }

    /// Two sheets with the same `id` values import into lists draft reads side by side: a
    /// sheet's own ids are prefixed with the list's name (the same at every re-import); an id
    /// that another list in use already has is refused at import, naming both rows.
    func testSheetsSharingIdsImportIntoListsThatDraftReads() throws {
        try makeOaklandProfile()
        let first = try importSheet(
            "id1.csv", "ID,Name,Email,City,State\nX1,Same Id,sid1@example.org,Oakland,CA\n",
            ["--role", "clerk", "--name", "id1"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(
            first.stdout.contains("Made: id from the sheet's id after the list's name (id1/ID), unique across lists"),
            first.stdout)
        let second = try importSheet(
            "id2.csv", "ID,Name,Email,City,State\nX1,Other Person,sid2@example.org,Oakland,CA\n",
            ["--role", "clerk", "--name", "id2"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try readList("id1").map { $0["id"] ?? "" }, ["id1/X1"])
        XCTAssertEqual(try readList("id2").map { $0["id"] ?? "" }, ["id2/X1"])
        let again = try outreach(
            "recipients", "import", "csv", folder.path("id2.csv"), "--role", "clerk", "--name", "id2", "--force")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try readList("id2").map { $0["id"] ?? "" }, ["id2/X1"], "the same id at every re-import")

        try folder.write(
            "home/templates/clerk-letter.txt",
            Self.template(audience: "clerk", subject: "Hello", body: "Dear {{recipient.name}},\nThanks.\n"))
        let clerks = try outreach("draft", "--to", "clerk", "--template", "clerk-letter")
        XCTAssertEqual(clerks.status, 0, clerks.stderr)
        XCTAssertEqual(try letters().map(\.recipientId), ["id1/X1", "id2/X1"])
        let mayors = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(mayors.status, 0, mayors.stderr)

        // A list of one's own, written by hand, that already has the id the import would write.
        let own = try folder.write(
            "home/recipients/team.csv", Self.header + "\n" + Self.row(id: "staff/X1", name: "Hand Written") + "\n")
        let clash = try importSheet(
            "staff.csv", "ID,Name,Email\nX0,Fine Row,x0@example.org\nX1,Clash Row,x1@example.org\n",
            ["--role", "clerk", "--name", "staff"])
        XCTAssertEqual(clash.status, 65, clash.stderr)
        XCTAssertTrue(
            clash.stderr.contains(
                "error: \(folder.path("staff.csv")):3: id \"staff/X1\" is already used at \(own):2; draft would refuse both lists"
            ),
            clash.stderr)
        XCTAssertTrue(clash.stderr.contains("hint: ids are unique across all recipient lists"), clash.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(recipientsFolder)/staff.csv"), "nothing is written")
    }

    /// An import validates what it writes with draft's rules: `sanctuary_policy` in the
    /// spellings sheets use becomes yes or no, any other value is refused; a line break in a
    /// one-line field (a header injection in `name`) or a control character anywhere is refused
    /// with the file, line and field, exit 65, and nothing written.
    func testAnImportRefusesWhatDraftWouldRefuse() throws {
        try makeOaklandProfile()
        let policies = try importSheet(
            "policies.csv",
            "Name,Last Name,Email,City,State,Sanctuary Policy\n"
                + "Ana Abbott,Abbott,ana@example.org,Oakland,CA,TRUE\nBen Cruz,Cruz,ben@example.org,Oakland,CA, n \n"
                + "Cy Dee,Dee,cy@example.org,Oakland,CA,1\nDi Eng,Eng,di@example.org,Oakland,CA,FALSE\n"
                + "Ed Fox,Fox,ed@example.org,Oakland,CA,\n",
            ["--role", "mayor"])
        XCTAssertEqual(policies.status, 0, policies.stderr)
        XCTAssertEqual(try readList("policies").map { $0["sanctuary_policy"] ?? "?" }, ["yes", "no", "yes", "no", ""])
        let draft = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(draft.status, 0, draft.stderr)

        let sheet = folder.path("bad.csv")
        let cases: [(String, [String])] = [
            (
                "Name,Email,Sanctuary Policy\nAna Abbott,ana@example.org,maybe\n",
                [
                    "error: \(sheet):2: field \"Sanctuary Policy\" (sanctuary_policy) is \"maybe\", not yes, no or empty",
                    "hint: write yes (or TRUE, Y, 1)",
                ]
            ),
            (
                "Name,Email\n\"Ana Abbott\r\nBcc: victim@example.com\",ana@example.org\n\"\r\nBcc: x@example.com\",ben@example.org\n",
                [
                    "error: \(sheet):2: field \"Name\" (name) holds a line break: \"Ana Abbott\\r\\nBcc: victim@example.com\"",
                    "error: \(sheet):4: field \"Name\" (name) holds a line break: \"Bcc: x@example.com\"",
                    "hint: write the name on one line in the sheet",
                ]
            ),
            (
                "Name,Email,Ward\nAna Abbott,ana@example.org,\"3\u{1B}[2K\"\n",
                [
                    "error: \(sheet):2: field \"Ward\" (ward) holds the control character \\x1b (ESC)",
                    "hint: remove the control character",
                ]
            ),
        ]
        for (text, mentions) in cases {
            let result = try importSheet("bad.csv", text, ["--role", "mayor", "--name", "bad"])
            XCTAssertEqual(result.status, 65, result.stderr)
            for mention in mentions {
                XCTAssertTrue(result.stderr.contains(mention), "'\(mention)' not in: \(result.stderr)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(recipientsFolder)/bad.csv"), "nothing is written")
        }
        // A line break in a column of the sheet's own is body text, and kept.
        let notes = try importSheet(
            "notes.csv", "Name,Email,Notes\nAna Abbott,ana@example.org,\"two\nlines\"\n", ["--role", "mayor"])
        XCTAssertEqual(notes.status, 0, notes.stderr)
        XCTAssertEqual(try readList("notes").first?["notes"], "two\nlines")
    }

    /// Names exported decomposed (macOS writes NFD) are stored composed (NFC): "Zoë" as U+00EB.
    func testDecomposedTextIsStoredComposed() throws {
        let decomposed = "Zoe\u{0308} Nguye\u{0302}\u{0303}n"
        XCTAssertEqual(Array(decomposed.unicodeScalars).count, 13, "the fixture is decomposed")
        let sheet = try folder.write(
            "nfd.csv",
            Data("First Name,Last Name,Name,Email,Ville\u{0301}\n".utf8)
                + Data("Zoe\u{0308},Nguye\u{0302}\u{0303}n,\(decomposed),zoe@example.org,Mont-Royal\n".utf8))
        let result = try outreach("recipients", "import", "csv", sheet, "--role", "mayor")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNotNil(
            Data(result.stdout.utf8).range(of: Data("kept as {{recipient.vill\u{00E9}}}".utf8)), result.stdout)
        let raw = try XCTUnwrap(FileManager.default.contents(atPath: "\(recipientsFolder)/nfd.csv"))
        let text = String(decoding: raw, as: UTF8.self)
        XCTAssertTrue(raw.range(of: Data("Zo\u{00EB} Nguy\u{1EC5}n".utf8)) != nil, text)
        XCTAssertNil(raw.range(of: Data([0xCC, 0x88])), "no combining diaeresis is left: \(text)")
        XCTAssertNil(raw.range(of: Data([0xCC, 0x81])), "the header is composed too: \(text)")
        let row = try XCTUnwrap(try readList("nfd").first)
        XCTAssertEqual(row["given_name"].map { Array($0.unicodeScalars) }, Array("Zo\u{00EB}".unicodeScalars))
        XCTAssertEqual(row["family_name"].map { Array($0.unicodeScalars) }, Array("Nguy\u{1EC5}n".unicodeScalars))
        XCTAssertEqual(row["vill\u{00E9}"], "Mont-Royal")
    }

    /// A contact form's scheme in capitals is accepted and stored in lower case; the counts
    /// say how many rows were read, fine and refused; the hint for a Windows-1252 file names
    /// --encoding first, and a conversion that keeps the list's name.
    func testFormSchemesRowCountsAndTheEncodingHint() throws {
        try makeOaklandProfile()
        let forms = try folder.write(
            "forms.csv",
            "Name,Last Name,Contact Form,State\nAna Abbott,Abbott,HTTPS://SIMON.HOUSE.GOV/Contact,CA\n"
                + "Ben Cruz,Cruz,Http://example.org/Form?A=1,CA\n")
        let imported = try outreach("recipients", "import", "csv", forms, "--role", "board-member")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("; 2 rows.\n"), imported.stdout)
        XCTAssertEqual(
            try readList("forms").map { $0["contact_form"] ?? "" },
            ["https://SIMON.HOUSE.GOV/Contact", "http://example.org/Form?A=1"])
        try folder.write(
            "home/templates/rep.txt",
            Self.template(audience: "board-member", subject: "Hello", body: "Dear {{recipient.name}},\nThanks.\n"))
        let draft = try outreach("draft", "--to", "board-member", "--anywhere", "--template", "rep")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertEqual(
            try letters().map(\.contactForm), ["https://SIMON.HOUSE.GOV/Contact", "http://example.org/Form?A=1"])
        // A scheme with no host names no form: refused at import, and at draft in a list written by hand.
        let hostless = try folder.write("hostless.csv", "Name,Contact Form,State\nBo Lee,HTTPS://,IL\n")
        let hostlessImport = try outreach("recipients", "import", "csv", hostless, "--role", "board-member")
        XCTAssertEqual(hostlessImport.status, 65, hostlessImport.stdout + hostlessImport.stderr)
        XCTAssertTrue(hostlessImport.stderr.contains("hostless.csv:2"), hostlessImport.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(recipientsFolder)/hostless.csv"))
        let letterCount = try letters().count
        let hand = try draftFixture(
            csv: Self.header + "\n" + Self.row(id: "h1", email: "", form: "https://") + "\n",
            template: Self.template(body: "Dear {{recipient.name}},\n"))
        XCTAssertEqual(hand.status, 65, hand.stdout + hand.stderr)
        XCTAssertTrue(
            hand.stderr.contains("test.csv:2: field 'contact_form' \"https://\" is not an http(s) URL"), hand.stderr)
        XCTAssertEqual(try letters().count, letterCount, "nothing drafted")

        let counts: [(String, String)] = [
            (
                "Name,Email\nAna Abbott,ana@\nBen Cruz,ben@example.org\nCy Dee,\n",
                "; 3 rows: 1 fine, 2 refused (nothing is written while a row is refused).\n"
            ),
            (
                "Name,Email\nAna Abbott,ana@\nBen Cruz,ben@\nCy Dee,cy@example.org\nDi Eng,di@example.org\n",
                "; 4 rows: 2 fine, 2 refused (nothing is written while a row is refused).\n"
            ),
            ("Name,Email\nAna Abbott,ana@\nBen Cruz,ben@\n", "; 2 rows: 0 fine, 2 refused"),
        ]
        for (text, line) in counts {
            let sheet = try folder.write("counts.csv", text)
            let result = try outreach("recipients", "import", "csv", sheet, "--role", "mayor")
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stdout.contains(line), result.stdout)
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(recipientsFolder)/counts.csv"))
        }

        let latin = try folder.write(
            "latin1.csv", Data("Name,Email\nJos".utf8) + Data([0xE9]) + Data(" Cruz,jose@example.org\n".utf8))
        let refused = try outreach("recipients", "import", "csv", latin, "--role", "mayor")
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "hint: import it as it is with --encoding windows-1252; or convert it first, iconv -f WINDOWS-1252 -t UTF-8 \(latin) > \(latin).utf8, and import that with --name latin1 so that the list's name and ids stay the same"
            ),
            refused.stderr)
        let encoded = try outreach(
            "recipients", "import", "csv", latin, "--role", "mayor", "--encoding", "windows-1252")
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        XCTAssertEqual(try readList("latin1").map { $0["id"] ?? "" }, ["latin1/jose@example.org"])
        let converted = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "iconv -f WINDOWS-1252 -t UTF-8 latin1.csv > latin1.csv.utf8"],
            in: folder.url.path)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        let viaIconv = try outreach(
            "recipients", "import", "csv", "\(latin).utf8", "--role", "mayor", "--name", "latin1", "--force")
        XCTAssertEqual(viaIconv.status, 0, viaIconv.stderr)
        XCTAssertEqual(try readList("latin1").map { $0["id"] ?? "" }, ["latin1/jose@example.org"])
        XCTAssertEqual(try readList("latin1").map { $0["name"] ?? "" }, ["José Cruz"])
    }

    /// A sheet with only `Name` imports, with a warning naming the fields the role's templates
    /// (shipped and one's own) show and the sheet leaves empty, and how to fill them; names are
    /// never split (the family name may come first). With the column mapped, no warning.
    func testEmptyFieldsTheRolesTemplatesShowAreNamedAtImport() throws {
        try makeOaklandProfile()
        try folder.write(
            "home/templates/mayor-ward.txt",
            Self.template(
                audience: "mayor", subject: "Ward {{recipient.ward}}",
                body:
                    "Dear {{recipient.name}},\n{{#recipient.title}}As {{recipient.title}}, {{/recipient.title}}thanks.\n"
            ))
        let only = try folder.write(
            "sm.csv",
            "Name,Email,City,State\nNguyễn Thị Minh,minh@example.org,Oakland,CA\nAna Abbott,ana@example.org,Oakland,CA\n"
        )
        let result = try outreach("recipients", "import", "csv", only, "--role", "mayor", "--name", "sm")
        XCTAssertEqual(result.status, 0, result.stderr)
        let shipped = "Templates"  // as the binary shows it, run from the checkout
        let mine = folder.path("home/templates/mayor-ward.txt")
        for text in [
            "warning: family_name is empty in every one of the 2 mayor rows, and the templates for mayor show {{recipient.family_name}}: mayor-safe-reporting (\(shipped)/mayor-safe-reporting.txt:10), mayor-solidarity (\(shipped)/mayor-solidarity.txt:9), mayor-solidarity-elsewhere (\(shipped)/mayor-solidarity-elsewhere.txt:10); draft will refuse those letters",
            "hint: map the sheet's column that holds it: --map \"Last Name=family_name\", or add a Last Name column to the sheet and import it again with --force; outreach does not split a full name",
            "warning: ward is empty in every one of the 2 mayor rows, and the templates for mayor show {{recipient.ward}}: mayor-ward (\(mine):3); draft will refuse those letters",
            "hint: map the sheet's column that holds it: --map \"COLUMN=ward\"",
        ] {
            XCTAssertTrue(result.stderr.contains(text), "'\(text)' not in: \(result.stderr)")
        }
        XCTAssertFalse(result.stderr.contains("title is empty"), "a value inside its own section is optional")
        let one = try folder.write("one.csv", "Name,Email,City,State\nBo Lee,bo@example.org,Oakland,CA\n")
        let single = try outreach("recipients", "import", "csv", one, "--role", "mayor", "--name", "one")
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertTrue(single.stderr.contains("warning: family_name is empty in the one mayor row, and"), single.stderr)
        try FileManager.default.removeItem(atPath: "\(recipientsFolder)/one.csv")  // not a list for the draft below
        XCTAssertEqual(try readList("sm").map { $0["family_name"] ?? "?" }, ["", ""], "names are not split")
        XCTAssertEqual(try readList("sm").map { $0["name"] ?? "" }, ["Nguyễn Thị Minh", "Ana Abbott"])

        let full = try folder.write(
            "sm.csv",
            "Name,Last Name,Ward,Email,City,State\nNguyễn Thị Minh,Nguyễn,3,minh@example.org,Oakland,CA\n"
                + "Ana Abbott,Abbott,,ana@example.org,Oakland,CA\n")
        let mapped = try outreach(
            "recipients", "import", "csv", full, "--role", "mayor", "--name", "sm", "--force", "--map",
            "Last Name=family_name")
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        XCTAssertFalse(mapped.stderr.contains("family_name"), mapped.stderr)
        XCTAssertTrue(
            mapped.stderr.contains(
                "warning: ward is empty in 1 of the 2 mayor rows, and the templates for mayor show {{recipient.ward}}"),
            mapped.stderr)
        XCTAssertEqual(try readList("sm").map { $0["family_name"] ?? "" }, ["Nguyễn", "Abbott"])
        try FileManager.default.removeItem(atPath: mine)
        let draft = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertEqual(
            try letters().filter { $0.recipientId.hasPrefix("sm/") }.map(\.recipientName).sorted(),
            ["Ana Abbott", "Nguyễn Thị Minh"])
    }
}
