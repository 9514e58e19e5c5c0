import Foundation
import XCTest

/// Checks messages with a real parser and fails the test on any problem it reports.
public enum MessageCheck {
    /// Parses each message with Python's email package, under the default and the compat32
    /// policy; fails the test for every problem.
    public static func check(_ messages: [[UInt8]], file: StaticString = #filePath, line: UInt = #line) throws
        -> [CheckedMessage]
    {
        let folder = try TemporaryDirectory("outreach-eml")
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            paths.append(try folder.write("m\(index).eml", Data(message)))
        }
        // Debian's Python: the first python3 on PATH may be another.
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        let result = try RunOutreach.runProgram(
            python, ["\(Repository.scripts)/check_message.py"] + paths, in: folder.url.path)
        XCTAssertEqual(result.status, 0, "check_message.py failed: \(result.stderr)", file: file, line: line)
        let checked = try JSONDecoder().decode([CheckedMessage].self, from: Data(result.stdout.utf8))
        for (index, message) in checked.enumerated() {
            XCTAssertEqual(message.problems, [], "message \(index) has problems", file: file, line: line)
        }
        return checked
    }

    /// Checks one message.
    public static func check(_ message: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws
        -> CheckedMessage
    {
        guard let first = try check([message], file: file, line: line).first else {
            throw NSError(domain: "MessageCheck", code: 1, userInfo: [NSLocalizedDescriptionKey: "no result"])
        }
        return first
    }
}
