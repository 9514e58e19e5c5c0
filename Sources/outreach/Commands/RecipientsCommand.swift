import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct RecipientsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recipients", abstract: "List officials in the recipient files, and import fresh lists.",
            subcommands: [ListRecipients.self, Roles.self, Lookup.self, Import.self],
            defaultSubcommand: ListRecipients.self)
    }
}
