import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct SetProfile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set one profile value.",
            discussion: """
                Sender keys: \(ProfileField.allCases.map(\.rawValue).joined(separator: ", ")).

                \(Profile.copyMeKey): true or false; true adds a copy of each emailed letter to you, in the envelope only (like draft --copy-me); default false.

                Sending (outreach send), with units and defaults:
                \(SMTPSettings.helpLines(SMTPSettings.defaults))

                Replies (outreach replies):
                \(SMTPSettings.helpLines(IMAPSettings.defaults))

                smtp.provider NAME sets smtp.url, smtp.auth, smtp.daily_cap and imap.url from the provider's published settings: \(ProviderPreset.all.map(\.name).joined(separator: ", ")). An empty VALUE clears an optional key. Passwords are never stored: see 'outreach send --help' and the README.
                """
        )
        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: RecipientOptions
        @Argument(help: "The key.") var key: String
        @Argument(help: "The value.") var value: String

        func run() throws {
            let store = ProfileStore(file: try home.paths.profileFile)
            var profile = try store.load()
            if key == Profile.copyMeKey {
                guard let flag = Profile.flag(value) else {
                    throw InputError.badProfileValue(
                        key: key, value: value, reason: "is not true or false",
                        hint: "outreach profile set copy_me true (or false)")
                }
                profile.copyMe = flag
                try store.save(profile)
                print("\(key) = \(flag)")
                return
            }
            if key.hasPrefix("imap.") {
                guard IMAPSettings.keys.contains(key) || key == "imap.password" else {
                    throw InputError.unknownProfileKey(
                        key: key,
                        known: ProfileField.allCases.map(\.rawValue) + [Profile.copyMeKey] + SMTPSettings.keys
                            + IMAPSettings.keys)
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
            if key == "smtp.provider" && !value.isEmpty {
                try SMTPSettings.check(key: key, value: value)
                guard let preset = ProviderPreset.named(value) else { return }
                let set = preset.apply(to: &profile)
                try store.save(profile)
                for (key, value) in set { print("\(key) = \(value)") }
                Terminal.note("note: \(preset.title) needs \(preset.note)")
                Terminal.note(
                    "note: set smtp.username (and imap.username if it differs); check with: outreach send --check")
                return
            }
            if key.hasPrefix("smtp.") {
                if value.isEmpty {
                    profile.extra[key] = nil
                } else {
                    try SMTPSettings.check(key: key, value: value)
                    profile.extra[key] = value
                    try SMTPSettings.checkTogether(afterSetting: key, values: profile.extra)
                }
                try store.save(profile)
                print("\(key) = \(value.isEmpty ? "(not set)" : value)")
                return
            }
            guard let field = ProfileField(rawValue: key) else {
                throw InputError.unknownProfileKey(
                    key: key,
                    known: ProfileField.allCases.map(\.rawValue) + [Profile.copyMeKey] + SMTPSettings.keys
                        + IMAPSettings.keys)
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
