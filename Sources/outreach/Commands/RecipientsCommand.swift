import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct RecipientsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recipients", abstract: "List officials in the recipient lists, and download fresh lists.",
            discussion:
                "The lists in use: the shipped ones (every state's legislators, mayors, Congress), replaced by those 'outreach recipients update' downloaded where these are as new or newer, and your own CSV files in $XDG_DATA_HOME/outreach/recipients (with --home DIR: DIR/recipients). --recipients PATH reads one file or folder instead.",
            subcommands: [ListRecipients.self, Roles.self, Lookup.self, UpdateRecipients.self, Import.self],
            defaultSubcommand: ListRecipients.self)
    }
}
