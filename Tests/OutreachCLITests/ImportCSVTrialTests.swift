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
}
