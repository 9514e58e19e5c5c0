import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Runs the real `outreach` binary against a fresh home folder (profile and SQLite queue).
class CLITestCase: XCTestCase {
    var folder: TemporaryDirectory!
    var home: String { folder.path("home") }
    var database: String { folder.path("home/outreach.sqlite") }

    override func setUpWithError() throws {
        folder = try TemporaryDirectory("outreach-cli")
        // As outreach makes it: a home that others can read is refused (issue 18).
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        folder = nil
    }

    /// The history of letter `id` in the test's queue, oldest first, read without writing.
    func history(of id: Int64) throws -> [LetterEvent] {
        try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true).events(letterId: id)
    }

    /// Runs `outreach` with `--home` set through the environment.
    @discardableResult
    func outreach(_ arguments: String..., input: Data? = nil, environment: [String: String] = [:]) throws -> RunResult {
        try outreach(arguments, input: input, environment: environment)
    }

    @discardableResult
    func outreach(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> RunResult {
        var env = ["OUTREACH_HOME": home]
        for (key, value) in environment { env[key] = value }
        return try RunOutreach.run(arguments, environment: env, input: input)
    }

    /// Waits until `condition` holds, checking every 10 ms. Tests order their steps against a
    /// running process by such signals (a file the server writes, a status, a printed line),
    /// never by sleeping; the bound only ends a broken test, so it is far above what a loaded
    /// CI machine needs.
    /// - Returns: false (after recording a failure naming `what`) when the bound passed first.
    @discardableResult
    func waitUntil(
        _ what: String, seconds: Double = 120, file: StaticString = #filePath, line: UInt = #line,
        _ condition: () throws -> Bool
    ) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            if Date() > deadline {
                XCTFail("gave up after \(Int(seconds)) s waiting until \(what)", file: file, line: line)
                return false
            }
            usleep(10_000)
        }
        return true
    }

    /// Writes the Oakland demo profile.
    func makeOaklandProfile(file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try outreach(
            "init", "--name", "Dana Rivera", "--email", "dana.rivera@example.org", "--street", "1 Broadway",
            "--city", "Oakland", "--state", "CA", "--zip", "94612")
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
    }

    /// The letters in the queue, read with the library.
    func letters() throws -> [Letter] {
        guard FileManager.default.fileExists(atPath: database) else { return [] }
        return try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true).letters()
    }

    /// The stored messages of every letter.
    func messages() throws -> [[UInt8]] {
        let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
        return try queue.letters().map { try queue.message(id: $0.id) }
    }

    /// The database file's bytes, to prove a failed command changed nothing.
    func databaseBytes() -> Data? {
        FileManager.default.contents(atPath: database)
    }

    /// A minimal recipient CSV with the required columns; `rows` are the values in column order.
    static let header = RecipientColumn.required.joined(separator: ",")

    static func row(
        id: String, name: String = "Alex Doe", family: String = "Doe", city: String = "Springfield",
        state: String = "IL",
        email: String? = nil, form: String = "", address: String = "1 City Hall", termEnd: String = ""
    ) -> String {
        // Each row its own address by default: two rows with one address are refused.
        let email = email ?? "mayor.\(id)@example.com"
        return [
            "\(id)", "mayor", name, "Alex", family, "Mayor", city, state, "", "", email, form, "555-0100", address,
            termEnd, "test",
        ]
        .map {
            $0.contains(",") || $0.contains("\"") || $0.contains("\n")
                ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0
        }
        .joined(separator: ",")
    }

    /// A template file text.
    static func template(audience: String = "mayor", subject: String = "Hello {{recipient.jurisdiction}}", body: String)
        -> String
    {
        "---\naudience: \(audience)\nsubject: \"\(subject)\"\ndescription: test\n---\n\(body)"
    }

    /// Drafts to every mayor in `csv` with `template`, from folders made in the temp dir.
    @discardableResult
    func draftFixture(csv: String, template: String, extra: [String] = []) throws -> RunResult {
        let recipients = try folder.write("Recipients/test.csv", csv)
        try folder.write("Templates/letter.txt", template)
        return try outreach(
            [
                "draft", "--to", "mayor", "--anywhere", "--recipients", recipients, "--templates",
                folder.path("Templates"), "--template", "letter",
            ] + extra)
    }
}
