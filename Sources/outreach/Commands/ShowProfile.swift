import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ShowProfile: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the profile.")
        @OptionGroup var home: HomeOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let profile = try home.loadProfile()
            var values: [String: String] = [:]
            for field in ProfileField.allCases {
                if let value = profile.value(of: field) { values[field.rawValue] = value }
            }
            for (key, value) in profile.extra { values[key] = SMTPSettings.shownValue(key: key, value: value) }
            if json { return try JSONOutput.print(values) }
            try print("# \(home.paths.profileFile.path)")
            for field in ProfileField.allCases {
                print(
                    "\(field.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(profile.value(of: field) ?? "(not set)")"
                )
            }
            for key in profile.extra.keys.sorted() {
                print("\(key) \(SMTPSettings.shownValue(key: key, value: profile.extra[key] ?? ""))")
            }
        }
    }
}
