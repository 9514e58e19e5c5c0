import ArgumentParser
import OutreachKit

extension Outreach {
    struct ImportCongressLegislators: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "congress-legislators", abstract: "Make congress.csv from legislators-current.yaml.",
            discussion:
                "Add --contact-forms DIR with Open States' data/us/legislature for the forms that file lacks. Records whose term has ended are left out, and counted."
        )
        @Argument(help: "unitedstates/congress-legislators' legislators-current.yaml.") var path: String
        @Option(
            name: .long, help: ArgumentHelp("Open States data/us/legislature, for contact forms.", valueName: "DIR"))
        var contactForms: String?
        @OptionGroup var options: PublicImportOptions

        func run() throws { try options.run(.congressLegislators, path: path, contactForms: contactForms) }
    }
}
