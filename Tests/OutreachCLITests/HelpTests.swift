import Foundation
import OutreachTestSupport
import XCTest

/// Every command's `--help`, exactly: golden files in Tests/Snapshots (RECORD_SNAPSHOTS=1
/// records them anew).
final class HelpTests: CLITestCase {
    static let commands = [
        [], ["init"], ["profile"], ["profile", "show"], ["profile", "set"], ["draft"], ["recipients"],
        ["recipients", "list"],
        ["recipients", "roles"], ["recipients", "lookup"], ["recipients", "update"], ["recipients", "import"],
        ["queue"], ["show"], ["discard"], ["edit"], ["send"], ["replies"], ["log"], ["mark"], ["forms"], ["whoami"],
        ["print"],
        ["templates"], ["templates", "list"], ["templates", "show"], ["templates", "new"],
    ]

    func testEveryCommandsHelp() throws {
        for command in Self.commands {
            let result = try outreach(command + ["--help"])
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            try Snapshot.assertMatches(
                result.stdout, named: "help-\((["outreach"] + command).joined(separator: "-")).txt")
        }
    }

    func testHelpListsTheValuesAFlagTakes() throws {
        let queue = try outreach("queue", "--help").stdout
        XCTAssertTrue(queue.contains("drafted, sending, sent, deferred, failed, unknown,"), queue)
        let draft = try outreach("draft", "--help").stdout
        XCTAssertTrue(draft.contains("(values: mayor, representative,"), draft)
        let importing = try outreach("recipients", "import", "--help").stdout
        XCTAssertTrue(importing.contains("The data to read. (values: openstates,"), importing)
        let update = try outreach("recipients", "update", "--help").stdout
        let wrapped = "(values: openstates,\n" + String(repeating: " ", count: 26) + "congress-legislators, zccd)"
        XCTAssertTrue(update.contains(wrapped), update)
    }
}
