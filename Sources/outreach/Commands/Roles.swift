import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roles",
            abstract: "List the roles 'draft --to' takes.",
            discussion:
                "The known roles first, with how many current officials the lists hold; then every other role your own lists hold. A role is written in lower case with '-' between words; 'Council Member' in a list is council-member."
        )
        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: RecipientOptions

        func run() throws {
            var counts: [String: Int] = [:]
            let today = MessageDate.day(Date())
            if let reader = try? inputs.recipientReader(home.paths) {
                try reader.forEachRow { row in if !row.termEnded(asOf: today) { counts[row.role, default: 0] += 1 } }
            }
            let others = counts.keys.filter { Role(rawValue: $0)?.isKnown != true }.sorted()
            for role in Role.names + others {
                let summary = Role(rawValue: role)?.summary ?? "in your own lists"
                print(
                    "\(role.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(counts[role] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0)) \(summary)"
                )
            }
        }
    }
}
