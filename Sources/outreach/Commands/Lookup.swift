import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup",
            abstract: "The congressional districts a ZIP code lies in, and their members.",
            discussion:
                "ZIP codes (Census ZCTAs) only approximate districts; about 7,300 span two or more, and then every candidate is listed. At-large states have district 0."
        )

        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: RecipientOptions
        @Option(name: .long, help: "A 5-digit ZIP code.") var zip: String

        func run() throws {
            let lookup = try ZipLookup(
                zip: zip, recipients: try inputs.recipientReader(home.paths), today: MessageDate.day(Date()))
            if lookup.districts.count > 1 {
                print(
                    "ZIP \(zip) lies in \(lookup.districts.count) districts; ZIP codes only approximate districts, so choose yours:"
                )
            }
            for district in lookup.districts {
                print("\(district.name)\(district.isAtLarge ? " (at-large)" : ""):")
                for member in district.members { print("  \(member.name.oneLine), \(member.office.oneLine)") }
            }
            if lookup.districts.count > 1, let first = lookup.districts.first {
                print("Then: outreach profile set district \(first.name)   (or the one that is yours)")
            }
        }
    }
}
