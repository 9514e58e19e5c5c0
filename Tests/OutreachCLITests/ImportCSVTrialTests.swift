import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// What a new user's trial of `outreach recipients import csv` found: each case drives the
/// real binary and checks the values written (or that nothing was).
final class ImportCSVTrialTests: CLITestCase {
    var recipientsFolder: String { folder.path("home/recipients") }

    /// The list written, read back by Python's csv module (an independent reader).
    func readList(_ name: String) throws -> [[String: String]] {
        let script =
            "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))))"
        let result = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, "\(recipientsFolder)/\(name).csv"],
            in: folder.url.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode([[String: String]].self, from: Data(result.stdout.utf8))
    }

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
}
