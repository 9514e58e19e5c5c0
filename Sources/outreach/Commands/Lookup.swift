import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The congressional districts a ZIP code lies in, and their members.",
            discussion: "ZIP codes (Census ZCTAs) only approximate districts; about 7,300 span two or more, and then every candidate is listed. At-large states have district 0.")

        @OptionGroup var inputs: InputOptions
        @Option(name: .long, help: "A 5-digit ZIP code.") var zip: String

        func run() throws {
            guard zip.utf8.count == 5, zip.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw InputError.badOption(option: "--zip", reason: "'\(zip)' is not a 5-digit ZIP code", hint: "for example --zip 94612")
            }
            let table = try ZipDistricts(file: ZipDistricts.file(besideRecipients: inputs.recipients))
            let districts = table.districts(zip: zip)
            guard !districts.isEmpty else {
                throw InputError.badOption(option: "--zip", reason: "ZIP \(zip) is not in the table", hint: "PO-box and single-company ZIPs have no Census area; try the ZIP of your street address")
            }
            let today = MessageDate.day(Date())
            let rows = try RecipientReader(path: inputs.recipients).readAll().filter { !$0.termEnded(asOf: today) }
            if districts.count > 1 {
                print("ZIP \(zip) lies in \(districts.count) districts; ZIP codes only approximate districts, so choose yours:")
            }
            for district in districts {
                let parts = district.split(separator: "-")
                let state = parts.first.map(String.init) ?? ""
                let number = parts.last.map(String.init) ?? ""
                print("\(district)\(number == "0" ? " (at-large)" : ""):")
                for member in rows where member.state == state && ((member.role == Role.representative.rawValue && member.district == number) || member.role == Role.senator.rawValue) {
                    print("  \(member.name), \(member.office)")
                }
            }
            if districts.count > 1, let first = districts.first { print("Then: outreach profile set district \(first)   (or the one that is yours)") }
        }
    }
}
