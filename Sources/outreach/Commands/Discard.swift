import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discard",
            abstract: "Discard letters so they are never sent (they stay in the log).")
        @OptionGroup var home: HomeOptions
        @Argument(help: "The letters' ids.") var ids: [Int64]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one letter id") }
        }

        func run() throws {
            let changed = try home.openQueueSettled().discard(ids: ids)
            let already = Set(ids).subtracting(changed).sorted()
            if !changed.isEmpty {
                print(
                    "Discarded \(changed.count) letter\(changed.count == 1 ? "" : "s"): \(changed.map(String.init).joined(separator: ", "))"
                )
            }
            if !already.isEmpty { print("Already discarded: \(already.map(String.init).joined(separator: ", "))") }
        }
    }
}
