import XCTest

@testable import OutreachKit

/// The import's last guard applies draft's rules to a row of the list it is about to write.
final class ListRowCheckTests: XCTestCase {
    let header = RecipientHeader(file: "sheet.csv", columns: RecipientColumn.required + ["sanctuary_policy", "ward"])

    func row(_ changes: [String: String]) -> Recipient {
        var fields = [
            "id": "list/1", "role": "mayor", "name": "Ana Abbott", "email": "ana@example.org", "state": "CA",
            "source": "sheet.csv",
        ]
        for (key, value) in changes { fields[key] = value }
        return Recipient(header: header, values: header.columns.map { fields[$0] ?? "" }, line: 7)
    }

    func testARowDraftWouldTakePasses() {
        XCTAssertEqual(ListRowCheck.problems(of: row([:])).count, 0)
        XCTAssertEqual(ListRowCheck.problems(of: row(["ward": "two\nlines", "sanctuary_policy": "yes"])).count, 0)
    }

    func testWhatDraftRefusesIsRefusedAtTheSheetsLine() {
        let cases: [([String: String], String)] = [
            (["sanctuary_policy": "TRUE"], "sheet.csv:7: field 'sanctuary_policy' is \"TRUE\", not yes, no or empty"),
            (["name": "Ana\r\nBcc: x@example.com"], "field 'name' holds a line break or control character"),
            (["ward": "3\u{1B}[2K"], "ward"),
            (["state": "California"], "sheet.csv:7: field 'state' \"California\" is not a two-letter state code"),
            (["term_end": "1/31/2027"], "sheet.csv:7: field 'term_end' \"1/31/2027\" is not a date (YYYY-MM-DD)"),
            (["contact_form": "HTTPS://EXAMPLE.ORG/FORM"], "is not an http(s) URL"),
            (["role": "Council Member"], "role"),
            (["id": " "], "sheet.csv:7: field 'id' is empty"),
        ]
        for (changes, message) in cases {
            let problems = ListRowCheck.problems(of: row(changes))
            XCTAssertEqual(problems.count, 1, "\(changes): \(problems.map(\.message))")
            XCTAssertTrue(problems.first?.message.contains(message) ?? false, "\(problems.map(\.message))")
        }
    }
}
