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
        ["recipients", "import", "csv"], ["recipients", "import", "openstates"],
        ["recipients", "import", "congress-legislators"], ["recipients", "import", "zccd"],
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
        XCTAssertTrue(draft.contains("Who to write to: mayor, representative, senator,"), draft)
        XCTAssertTrue(draft.contains("state-legislator, or a role of your own lists"), draft)
        let importing = try outreach("recipients", "import", "--help").stdout
        XCTAssertTrue(importing.contains("csv                     Import a spreadsheet of your own"), importing)
        let update = try outreach("recipients", "update", "--help").stdout
        let wrapped = "(values: openstates,\n" + String(repeating: " ", count: 26) + "congress-legislators, zccd)"
        XCTAssertTrue(update.contains(wrapped), update)
    }
}
