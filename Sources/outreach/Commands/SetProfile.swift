import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct SetProfile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set one profile value.",
            discussion:
                "Keys: \((ProfileField.allCases.map(\.rawValue) + SMTPSettings.keys + IMAPSettings.keys).joined(separator: ", ")). An empty VALUE clears an optional key. Passwords are never stored: see 'outreach send --help' and the README."
        )
        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: InputOptions
        @Argument(help: "The key.") var key: String
        @Argument(help: "The value.") var value: String

        func run() throws {
            let store = ProfileStore(file: try home.paths.profileFile)
            var profile = try store.load()
            if key.hasPrefix("imap.") {
                guard IMAPSettings.keys.contains(key) || key == "imap.password" else {
                    throw InputError.unknownProfileKey(
                        key: key, known: ProfileField.allCases.map(\.rawValue) + SMTPSettings.keys + IMAPSettings.keys)
                }
                if value.isEmpty {
                    profile.extra[key] = nil
                } else {
                    try IMAPSettings.check(key: key, value: value)
                    profile.extra[key] = value
                }
                try store.save(profile)
                print("\(key) = \(value.isEmpty ? "(not set)" : value)")
                return
            }
            if key.hasPrefix("smtp.") {
                if value.isEmpty {
                    profile.extra[key] = nil
                } else {
                    try SMTPSettings.check(key: key, value: value)
                    profile.extra[key] = value
                }
                try store.save(profile)
                print("\(key) = \(value.isEmpty ? "(not set)" : value)")
                return
            }
            guard let field = ProfileField(rawValue: key) else {
                throw InputError.unknownProfileKey(
                    key: key, known: ProfileField.allCases.map(\.rawValue) + SMTPSettings.keys + IMAPSettings.keys)
            }
            if value.isEmpty && field.isOptional {
                profile.set(field, to: nil)
            } else {
                let oldState = profile.state
                profile.set(field, to: try field.validate(value, state: profile.state))
                if field == .state, let district = profile.district, !district.hasPrefix("\(profile.state)-") {
                    profile.district = nil
                    Terminal.note("note: the district \(district) was in another state and has been cleared")
                }
                if field == .state, profile.state != oldState, let districts = profile.stateDistrict {
                    profile.stateDistrict = nil
                    Terminal.note("note: the state districts \(districts) were \(oldState)'s and have been cleared")
                }
                if field == .stateDistrict, let text = profile.stateDistrict {
                    profile.stateDistrict = try StateDistricts.checkedValue(
                        text, state: profile.state, in: try? inputs.recipientReader(home.paths),
                        today: MessageDate.day(Date()))
                }
            }
            try store.save(profile)
            print("\(key) = \(profile.value(of: field) ?? "(not set)")")
        }
    }
}
