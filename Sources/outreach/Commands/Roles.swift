import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roles 'draft --to' takes.")
        @OptionGroup var inputs: InputOptions

        func run() throws {
            var counts: [String: Int] = [:]
            let today = MessageDate.day(Date())
            if let reader = try? RecipientReader(path: inputs.recipients) {
                try reader.forEachRow { row in if !row.termEnded(asOf: today) { counts[row.role, default: 0] += 1 } }
            }
            for role in Role.allCases {
                print(
                    "\(role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(counts[role.rawValue] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0)) \(role.summary)"
                )
            }
        }
    }
}
