import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ProfileCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "profile",
            abstract: "Show or change your sender profile.",
            subcommands: [ShowProfile.self, SetProfile.self],
            defaultSubcommand: ShowProfile.self)
    }
}
