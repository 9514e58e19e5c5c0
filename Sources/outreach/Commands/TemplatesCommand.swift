import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct TemplatesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates", abstract: "List, show and make letter templates: the shipped ones and your own.",
            discussion:
                "Your own templates live in $XDG_DATA_HOME/outreach/templates (with --home DIR: DIR/templates). One with a shipped template's name takes its place. Installing, reinstalling or updating outreach never changes them.",
            subcommands: [ListTemplates.self, ShowTemplate.self, NewTemplate.self],
            defaultSubcommand: ListTemplates.self)
    }
}
