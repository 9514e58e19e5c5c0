import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark",
            abstract: "Record a letter delivered another way (a web form, the post, a call).",
            discussion:
                "After you submit a letter through the office's web form (see 'outreach show ID'), post it, or read it on the phone, record it so the log covers every channel."
        )

        @OptionGroup var home: HomeOptions
        @Argument(help: "The letters' ids.") var ids: [Int64] = []
        @Flag(name: .long, help: "The letter was delivered by hand.") var deliveredByHand = false
        @Option(name: .long, help: "How it was delivered.") var via: HandDelivery
        @Option(name: .long, help: ArgumentHelp("What to remember, such as a confirmation number.", valueName: "TEXT"))
        var note: String?

        func validate() throws {
            if !deliveredByHand { throw ValidationError("say what happened: --delivered-by-hand") }
            if ids.isEmpty { throw ValidationError("name at least one letter id") }
        }

        func run() throws {
            try home.openQueueSettled().markDeliveredByHand(ids: ids, via: via, note: note)
            for id in Array(Set(ids)).sorted() {
                print("Letter \(id) recorded as delivered by hand via \(via.rawValue).")
            }
        }
    }
}
