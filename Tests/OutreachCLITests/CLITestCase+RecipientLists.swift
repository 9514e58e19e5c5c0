import Foundation
import OutreachTestSupport
import XCTest

extension CLITestCase {
    /// The test home's folder of your own recipient lists.
    var recipientsFolder: String { folder.path("home/recipients") }

    /// The list `name` written there, read back as rows of fields by Python's csv module (an
    /// independent reader).
    /// - Parameter name: the list's name, without `.csv`.
    /// - Returns: one map of column to value per row.
    /// - Throws: when Python's output is not the JSON expected.
    func readList(_ name: String) throws -> [[String: String]] {
        let script =
            "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))))"
        let result = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, "\(recipientsFolder)/\(name).csv"],
            in: folder.url.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode([[String: String]].self, from: Data(result.stdout.utf8))
    }
}
