import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make recipient files from public data.",
            discussion:
                "openstates DIR: Open States people data (data/ or one state's folder): writes mayors.csv and state-legislators-<st>.csv. congress-legislators FILE: legislators-current.yaml: writes congress.csv (add --contact-forms DIR with Open States' data/us/legislature for the forms that file lacks). zccd FILE: us-zipcodes-congress zccd.csv: writes zip-districts.tsv, the ZIP-to-district table. Records whose term has ended are left out, and counted."
        )
        @Argument(help: "The data to read.") var source: Choice<ImportSource>
        @Argument(help: "The data folder (openstates), YAML file (congress-legislators) or CSV file (zccd).") var path:
            String
        @Option(name: .long, help: ArgumentHelp("Write the CSV files into DIR.", valueName: "DIR")) var output: String =
            "Recipients"
        @Option(
            name: .long, help: ArgumentHelp("Open States data/us/legislature, for contact forms.", valueName: "DIR"))
        var contactForms: String?
        @Option(
            name: .long,
            help: ArgumentHelp("Leave out terms ended before this day (default: today).", valueName: "YYYY-MM-DD"))
        var asOf: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "When the source data was taken, for the staleness notes (default: --as-of).", valueName: "YYYY-MM-DD"))
        var dataDate: String?
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() throws {
            let day = try RecipientImport.day(asOf)
            let summary = try RecipientImport(
                source: try source.value(), path: path, contactForms: contactForms,
                output: URL(fileURLWithPath: output, isDirectory: true), asOf: day, dataDate: dataDate
            ).run()
            if json { return try JSONOutput.print(summary) }
            for file in summary.files { print("Wrote \(file.rows) rows to \(file.path)") }
            for (kind, count) in summary.endedTerms.sorted(by: { $0.key < $1.key }) {
                print("Left out \(count) \(kind) record\(count == 1 ? "" : "s") whose term ended before \(day)")
            }
            for note in summary.notes { print("note: \(note)") }
        }
    }
}
