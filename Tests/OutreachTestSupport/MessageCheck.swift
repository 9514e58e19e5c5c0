import Foundation
import XCTest

/// A message as Python's `email` package (policy default) reads it: see Tests/Scripts/check_message.py.
public struct CheckedMessage: Decodable {
    public struct Address: Decodable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }
    public var problems: [String]
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var subject: String?
    public var message_id: String?
    public var date: String?
    public var headers: [String]
    public var content_transfer_encoding: String?
    public var charset: String?
    public var body: String?

    /// The body with CRLF turned into LF.
    public var text: String { (body ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
}

/// Checks messages with a real parser and fails the test on any problem it reports.
public enum MessageCheck {
    /// Parses each message with Python's email package; fails the test for every problem.
    public static func check(_ messages: [[UInt8]], file: StaticString = #filePath, line: UInt = #line) throws
        -> [CheckedMessage]
    {
        let folder = try TemporaryDirectory("outreach-eml")
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            paths.append(try folder.write("m\(index).eml", Data(message)))
        }
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let result = try RunOutreach.runProgram(
            python, ["python3", "\(Repository.scripts)/check_message.py"] + paths, in: folder.url.path)
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
