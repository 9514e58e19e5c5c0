import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// A CLI test against a real SMTP server: drafts letters, points the profile at the server,
/// runs `outreach send`.
class SMTPTestCase: CLITestCase {
    static let password = "p/:a@b%c+d=e"

    /// Drafts `count` email letters to r1..rN at example.com, with a template `cc:` when given.
    func draftLetters(_ count: Int, cc: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        try makeOaklandProfile(file: file, line: line)
        var csv = Self.header + "\n"
        for index in 1...count {
            csv +=
                Self.row(
                    id: "r\(index)", name: "Mayor Number\(index)", family: "Number\(index)", city: "Town\(index)",
                    email: "r\(index)@example.com") + "\n"
        }
        var template = Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n")
        if let cc {
            template = template.replacingOccurrences(of: "description: test\n", with: "description: test\ncc: \(cc)\n")
        }
        let result = try draftFixture(csv: csv, template: template)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
    }

    /// Sets `smtp.*` values (`smtp.` left out of the keys), then the server's URL.
    func configure(
        port: Int, scheme: String = "smtp", security: String? = nil, _ values: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var settings = [("smtp.url", "\(scheme)://127.0.0.1:\(port)")]
        if let security { settings.append(("smtp.security", security)) }
        settings += values.sorted { $0.key < $1.key }.map { ("smtp.\($0.key)", $0.value) }
        for (key, value) in settings {
            let result = try outreach("profile", "set", key, value)
            XCTAssertEqual(result.status, 0, "\(key): \(result.stderr)", file: file, line: line)
        }
    }

    /// `outreach send --rate 0 EXTRA`, with the test password in the environment.
    func send(_ extra: String...) throws -> RunResult {
        try outreach(["send", "--rate", "0"] + extra, environment: ["OUTREACH_SMTP_PASSWORD": Self.password])
    }

    /// Each letter's envelope recipients as `show --json` prints them: address, role, state.
    func recipients(of id: Int64, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
        let shown = try outreach("show", String(id), "--json")
        XCTAssertEqual(shown.status, 0, shown.stderr, file: file, line: line)
        let json = try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any]
        let list = json?["recipients"] as? [[String: Any]] ?? []
        return list.map { entry in entry.compactMapValues { $0 as? String } }
    }
}
