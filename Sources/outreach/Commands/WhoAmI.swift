import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct WhoAmI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Your own officials, from your profile: mayor, members of Congress, state legislature.",
            discussion:
                "The congressional district is the profile's, else the one your ZIP lies in. ZIP codes only approximate districts: when yours spans several, all are listed and you choose with 'outreach profile set district ST-N'. Your state legislators are listed by the districts in your profile ('outreach profile set state_district \"senate 7; assembly 18\"'); members elected at large are everyone's."
        )

        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: RecipientOptions

        func run() throws {
            let profile = try home.loadProfile()
            let reader = try inputs.recipientReader(home.paths)
            let officials = try OwnOfficials(
                profile: profile, recipients: reader,
                zipDistricts: try? ZipDistricts(file: reader.lists.zipDistrictsFile),
                today: MessageDate.day(Date()))
            print("\(profile.name), \(profile.city), \(profile.state) \(profile.zip)")
            print("\nMayor of \(profile.city):")
            try list(
                officials.mayors,
                none:
                    "no current mayor of \(profile.city) in the lists; add one from a spreadsheet: outreach recipients import csv FILE --role mayor"
            )
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
            printStateLegislature(profile: profile, officials: officials)
            print("\nDraft to each: outreach draft --to mayor|senator|representative|state-legislator --note \"...\"")
        }

        /// The person's own state legislators, by the profile's `state_district`; without it, how to find it.
        private func printStateLegislature(profile: Profile, officials: OwnOfficials) {
            let legislature = officials.stateLegislature
            guard officials.stateLegislatorCount > 0 else {
                let state = USState.names[profile.state] ?? profile.state
                print(
                    "\nState legislature:\n  none of \(state)'s in the lists; refresh them: outreach recipients update --source openstates"
                )
                return
            }
            guard let districts = officials.stateDistricts else {
                let chambers = legislature.chambers.map(\.name).joined(separator: " and ")
                print("\nState legislature (\(chambers)):")
                print(
                    "  \(officials.stateLegislatorCount) current members in the lists; your districts are not in your profile."
                )
                print(
                    "  Find them on your voter registration, your legislature's site or https://openstates.org/find_your_legislator/, then:"
                )
                print("  outreach profile set state_district \"\(legislature.example)\"")
                return
            }
            print("\nState legislature (\(districts.text)):")
            for seat in officials.stateSeats {
                guard let district = seat.district else {
                    print(
                        "  \(seat.chamber.name): your district is not in your profile (outreach profile set state_district \"\(legislature.example)\")"
                    )
                    continue
                }
                print("  \(seat.chamber.name), \(district.hasPrefix("Ward") ? "" : "district ")\(district):")
                list(seat.members, none: "no current member for that district in the lists", indent: "    ")
            }
        }

        private func list(_ recipients: [Recipient], none: String, indent: String = "  ") {
            if recipients.isEmpty { print("\(indent)\(none)") }
            for recipient in recipients {
                let channel: String
                switch recipient.likelyChannel {
                case .email: channel = "email \(recipient.email)"
                case .webForm: channel = "web form \(recipient.contactForm)"
                case .postal:
                    channel = "post: \(recipient.address.split(whereSeparator: \.isNewline).joined(separator: ", "))"
                }
                let seat = recipient.role == Role.stateLegislator.rawValue ? " (\(recipient.district.oneLine))" : ""
                // A mayor's party is mostly not in the data: nothing is shown rather than "[-]".
                let party = recipient["party"].isEmpty ? "" : " [\(recipient["party"].oneLine)]"
                print(
                    "\(indent)\(recipient.name.oneLine), \(recipient.office.oneLine)\(seat)\(party): \(channel.oneLine)"
                )
            }
        }
    }
}
