import ArgumentParser
import Foundation
import OutreachKit

/// What the imports of public data share: where they write, the day terms are counted from, and
/// the summary they print.
struct PublicImportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the files into DIR.", valueName: "DIR")) var output: String =
        "Recipients"
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

    /// Runs the import of `source` and prints what it wrote.
    /// - Throws: what `RecipientImport.run()` throws.
    func run(_ source: ImportSource, path: String, contactForms: String? = nil) throws {
        let day = try RecipientImport.day(asOf)
        let summary = try RecipientImport(
            source: source, path: path, contactForms: contactForms,
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
