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
            if profile.copyMe { values[Profile.copyMeKey] = "true" }
            if json { return try JSONOutput.print(values) }
            try print("# \(home.paths.profileFile.path)")
            for field in ProfileField.allCases {
                print(
                    "\(field.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(profile.value(of: field) ?? "(not set)")"
                )
            }
            if profile.copyMe { print("\(Profile.copyMeKey.padding(toLength: 15, withPad: " ", startingAt: 0)) true") }
            for key in profile.extra.keys.sorted() {
                let value = profile.extra[key] ?? ""
                let origin = ProviderPreset.origin(of: key, value: value, in: profile).map { "  (from preset \($0))" }
                print("\(key) \(SMTPSettings.shownValue(key: key, value: value))\(origin ?? "")")
            }
        }
    }
}
