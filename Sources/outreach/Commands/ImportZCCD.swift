import ArgumentParser
import OutreachKit

extension Outreach {
    struct ImportZCCD: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zccd", abstract: "Make zip-districts.tsv, the ZIP-to-district table, from zccd.csv.")
        @Argument(help: "us-zipcodes-congress' zccd.csv.") var path: String
        @OptionGroup var options: PublicImportOptions

        func run() throws { try options.run(.zccd, path: path) }
    }
}
