import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct WhoAmI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Your own officials, from your profile: mayor, members of Congress, state legislature.",
            discussion:
                "The congressional district is the profile's, else the one your ZIP lies in. ZIP codes only approximate districts: when yours spans several, all are listed and you choose with 'outreach profile set district ST-N'."
        )

        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: InputOptions

        func run() throws {
            let profile = try home.loadProfile()
            let reader = try RecipientReader(path: inputs.recipients)
            let zipTable = try? ZipDistricts(file: ZipDistricts.file(besideRecipients: inputs.recipients))
            let today = MessageDate.day(Date())
            var district: String?
            var districtNote = ""
            var districtProblem: MergeError?
            do {
                district = try RecipientSelection.district(of: profile, zipDistricts: zipTable)
                districtNote =
                    profile.district == nil
                    ? " (from ZIP \(profile.zip); set it to be sure: outreach profile set district \(district ?? ""))"
                    : ""
            } catch let error as MergeError {
                districtProblem = error
            }
            let rows = try reader.readAll().filter { !$0.termEnded(asOf: today) && $0.state == profile.state }
            print("\(profile.name), \(profile.city), \(profile.state) \(profile.zip)")
            print("\nMayor of \(profile.city):")
            list(
                rows.filter {
                    $0.role == Role.mayor.rawValue && $0.jurisdiction.lowercased() == profile.city.lowercased()
                },
                none: "no current mayor of \(profile.city) in the lists (add one to a CSV in Recipients/)")
            print("\nU.S. Senate:")
            list(rows.filter { $0.role == Role.senator.rawValue }, none: "none in the lists")
            if let districtProblem {
                print("\nU.S. House:\n  \(districtProblem.message)\n  \(districtProblem.hint ?? "")")
            } else {
                print("\nU.S. House, district \(district ?? "unknown")\(districtNote):")
            }
            if let district {
                let number = district.split(separator: "-").last.map(String.init) ?? ""
                list(
                    rows.filter { $0.role == Role.representative.rawValue && $0.district == number },
                    none: "none in the lists")
            }
            let legislators = rows.filter { $0.role == Role.stateLegislator.rawValue }
            print("\nState legislature:")
            if legislators.isEmpty {
                print("  not in the lists (the shipped ones cover California, New York and Illinois)")
            } else {
                print(
                    "  \(legislators.count) current members in the lists; the data has no address-to-district lookup for them:"
                )
                print("  find yours, then: outreach draft --to state-legislator --district N --note \"...\"")
            }
            print("\nDraft to each: outreach draft --to mayor|senator|representative --note \"...\"")
        }

        private func list(_ recipients: [Recipient], none: String) {
            if recipients.isEmpty { print("  \(none)") }
            for recipient in recipients {
                let channel =
                    !recipient.email.isEmpty
                    ? "email \(recipient.email)"
                    : !recipient.contactForm.isEmpty
                        ? "web form \(recipient.contactForm)"
                        : "post: \(recipient.address.replacingOccurrences(of: "\n", with: ", "))"
                print(
                    "  \(recipient.name), \(recipient.office) [\(recipient["party"].isEmpty ? "-" : recipient["party"])]: \(channel)"
                )
            }
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The congressional districts a ZIP code lies in, and their members.",
            discussion:
                "ZIP codes (Census ZCTAs) only approximate districts; about 7,300 span two or more, and then every candidate is listed. At-large states have district 0."
        )

        @OptionGroup var inputs: InputOptions
        @Option(name: .long, help: "A 5-digit ZIP code.") var zip: String

        func run() throws {
            guard zip.utf8.count == 5, zip.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw InputError.badOption(
                    option: "--zip", reason: "'\(zip)' is not a 5-digit ZIP code", hint: "for example --zip 94612")
            }
            let table = try ZipDistricts(file: ZipDistricts.file(besideRecipients: inputs.recipients))
            let districts = table.districts(zip: zip)
            guard !districts.isEmpty else {
                throw InputError.badOption(
                    option: "--zip", reason: "ZIP \(zip) is not in the table",
                    hint: "PO-box and single-company ZIPs have no Census area; try the ZIP of your street address")
            }
            let today = MessageDate.day(Date())
            let rows = try RecipientReader(path: inputs.recipients).readAll().filter { !$0.termEnded(asOf: today) }
            if districts.count > 1 {
                print(
                    "ZIP \(zip) lies in \(districts.count) districts; ZIP codes only approximate districts, so choose yours:"
                )
            }
            for district in districts {
                let parts = district.split(separator: "-")
                let state = parts.first.map(String.init) ?? ""
                let number = parts.last.map(String.init) ?? ""
                print("\(district)\(number == "0" ? " (at-large)" : ""):")
                for member in rows
                where member.state == state
                    && ((member.role == Role.representative.rawValue && member.district == number)
                        || member.role == Role.senator.rawValue)
                {
                    print("  \(member.name), \(member.office)")
                }
            }
            if districts.count > 1, let first = districts.first {
                print("Then: outreach profile set district \(first)   (or the one that is yours)")
            }
        }
    }
}
