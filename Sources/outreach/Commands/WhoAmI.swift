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
            let officials = try OwnOfficials(
                profile: profile, recipients: try RecipientReader(path: inputs.recipients),
                zipDistricts: try? ZipDistricts(file: ZipDistricts.file(besideRecipients: inputs.recipients)),
                today: MessageDate.day(Date()))
            print("\(profile.name), \(profile.city), \(profile.state) \(profile.zip)")
            print("\nMayor of \(profile.city):")
            list(
                officials.mayors,
                none: "no current mayor of \(profile.city) in the lists (add one to a CSV in Recipients/)")
            print("\nU.S. Senate:")
            list(officials.senators, none: "none in the lists")
            if let problem = officials.districtProblem {
                print("\nU.S. House:\n  \(problem.message)\n  \(problem.hint ?? "")")
            } else {
                let district = officials.district ?? "unknown"
                let note =
                    officials.districtFromZIP
                    ? " (from ZIP \(profile.zip); set it to be sure: outreach profile set district \(district))" : ""
                print("\nU.S. House, district \(district)\(note):")
            }
            if officials.district != nil { list(officials.representatives, none: "none in the lists") }
            print("\nState legislature:")
            if officials.stateLegislatorCount == 0 {
                print("  not in the lists (the shipped ones cover California, New York and Illinois)")
            } else {
                print(
                    "  \(officials.stateLegislatorCount) current members in the lists; the data has no address-to-district lookup for them:"
                )
                print("  find yours, then: outreach draft --to state-legislator --district N --note \"...\"")
            }
            print("\nDraft to each: outreach draft --to mayor|senator|representative --note \"...\"")
        }

        private func list(_ recipients: [Recipient], none: String) {
            if recipients.isEmpty { print("  \(none)") }
            for recipient in recipients {
                let channel: String
                switch recipient.likelyChannel {
                case .email: channel = "email \(recipient.email)"
                case .webForm: channel = "web form \(recipient.contactForm)"
                case .postal: channel = "post: \(recipient.address.replacingOccurrences(of: "\n", with: ", "))"
                }
                print(
                    "  \(recipient.name), \(recipient.office) [\(recipient["party"].isEmpty ? "-" : recipient["party"])]: \(channel)"
                )
            }
        }
    }
}
