import ArgumentParser
import OutreachKit

extension Outreach {
    struct ImportOpenStates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openstates",
            abstract: "Make mayors.csv and state-legislators-<st>.csv from Open States data.",
            discussion: "Records whose term has ended are left out, and counted.")
        @Argument(help: "Open States people data: its data/ folder, or one state's folder.") var path: String
        @OptionGroup var options: PublicImportOptions

        func run() throws { try options.run(.openstates, path: path) }
    }
}
