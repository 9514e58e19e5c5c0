import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write your sender profile: name, email and postal address.",
            discussion:
                "On a terminal, asks for each value not given as a flag. Otherwise every required value must be a flag. Never replaces an existing profile without --force. The file is written 0600."
        )

        @OptionGroup var home: HomeOptions
        @Option(help: "Your full name, as it signs the letters.") var name: String?
        @Option(help: "Your prefix as web forms ask for it (optional; Ms., Mr., Mx., Dr.).") var prefix: String?
        @Option(help: "Your email address (From, and where replies go).") var email: String?
        @Option(help: "Street address.") var street: String?
        @Option(help: "City.") var city: String?
        @Option(help: "State, two letters (CA).") var state: String?
        @Option(help: "ZIP code, 5 digits.") var zip: String?
        @Option(help: "The last 4 digits of your ZIP+4 code (optional; web forms ask for them).") var zip4: String?
        @Option(help: "Phone (optional).") var phone: String?
        @Option(help: "Congressional district, ST-N (optional; CA-12).") var district: String?
        @Option(
            help: ArgumentHelp(
                "State legislative districts (optional; \"senate 7; assembly 18\").", valueName: "DISTRICTS"))
        var stateDistrict: String?
        @Option(
            help: ArgumentHelp(
                "An organization you may sign for, for letters on its behalf (optional).", valueName: "NAME"))
        var organization: String?
        @Flag(help: "Replace an existing profile.") var force = false

        func run() throws {
            let store = ProfileStore(file: try home.paths.profileFile)
            if store.exists && !force { throw InputError.profileExists(path: store.file.path) }
            let given: [ProfileField: String?] = [
                .name: name, .prefix: prefix, .email: email, .street: street, .city: city, .state: state, .zip: zip,
                .zip4: zip4, .phone: phone, .district: district, .stateDistrict: stateDistrict,
                .organization: organization,
            ]
            var profile = Profile(name: "", email: "", street: "", city: "", state: "", zip: "")
            let ask = Terminal.stdinIsTerminal
            let missing = ProfileField.allCases.filter { !$0.isOptional && (given[$0] ?? nil) == nil }
            if !ask && !missing.isEmpty { throw InputError.missingInitValues(keys: missing.map(\.rawValue)) }
            // Asked in reading order; the district (last) is checked against the state (before it).
            for field in ProfileField.allCases {
                var raw = given[field] ?? nil
                if raw == nil && ask {
                    raw = try prompt(field, state: profile.state)
                    if raw?.isEmpty == true { raw = nil }
                }
                guard let raw else {
                    if field.isOptional { continue }
                    throw InputError.missingInitValues(keys: [field.rawValue])
                }
                profile.set(field, to: try field.validate(raw, state: profile.state))
            }
            if let text = profile.stateDistrict {
                profile.stateDistrict = try StateDistricts.checkedValue(
                    text, state: profile.state, in: try? RecipientReader(lists: .inUse(paths: home.paths)),
                    today: MessageDate.day(Date()))
            }
            try store.save(profile)
            print("Wrote your profile to \(store.file.path)")
            print("Next: outreach draft --to mayor --note \"why this matters to you\"")
        }

        /// Asks until the value is valid (or left empty for an optional field).
        private func prompt(_ field: ProfileField, state: String) throws -> String? {
            while true {
                FileHandle.standardError.write(Data("\(field.prompt): ".utf8))
                guard let line = readLine() else { return nil }
                let value = line.trimmingCharacters(in: .whitespaces)
                if value.isEmpty && field.isOptional { return nil }
                do {
                    return try field.validate(value, state: state)
                } catch let error as InputError {
                    Terminal.note("  \(error.message)\(error.hint.map { "; \($0)" } ?? "")")
                }
            }
        }
    }
}
