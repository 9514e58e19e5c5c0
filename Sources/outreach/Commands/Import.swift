import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make recipient files from public data.",
            discussion: "openstates DIR: Open States people data (data/ or one state's folder): writes mayors.csv and state-legislators-<st>.csv. congress-legislators FILE: legislators-current.yaml: writes congress.csv (add --contact-forms DIR with Open States' data/us/legislature for the forms that file lacks). zccd FILE: us-zipcodes-congress zccd.csv: writes zip-districts.tsv, the ZIP-to-district table. Records whose term has ended are left out, and counted.")
        @Argument(help: "The data to read.") var source: Choice<ImportSource>
        @Argument(help: "The data folder (openstates) or YAML file (congress-legislators).") var path: String
        @Option(name: .long, help: ArgumentHelp("Write the CSV files into DIR.", valueName: "DIR")) var output: String = "Recipients"
        @Option(name: .long, help: ArgumentHelp("Open States data/us/legislature, for contact forms.", valueName: "DIR")) var contactForms: String?
        @Option(name: .long, help: ArgumentHelp("Leave out terms ended before this day (default: today).", valueName: "YYYY-MM-DD")) var asOf: String?
        @Option(name: .long, help: ArgumentHelp("When the source data was taken, for the staleness notes (default: --as-of).", valueName: "YYYY-MM-DD")) var dataDate: String?
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() throws {
            let day = asOf ?? MessageDate.day(Date())
            guard MessageDate.isCalendarDay(day) else {
                throw InputError.badOption(option: "--as-of", reason: "'\(day)' is not a date", hint: "write it as YYYY-MM-DD")
            }
            let out = URL(fileURLWithPath: output, isDirectory: true)
            let summary: ImportSummary
            switch try source.value() {
            case .openstates:
                summary = try OpenStatesImporter(folder: URL(fileURLWithPath: path, isDirectory: true), asOf: day).run(output: out)
            case .zccd:
                let table = try ZipDistricts.build(fromZCCD: URL(fileURLWithPath: path))
                let target = out.appendingPathComponent(ZipDistricts.fileName)
                try PrivateFiles.makeFolder(out)
                do { try Data(table.text.utf8).write(to: target, options: .atomic) } catch {
                    throw FileError.cannotWrite(path: target.path, reason: "the folder is not writable")
                }
                var zipSummary = ImportSummary()
                zipSummary.files = [.init(path: target.path, rows: table.zips)]
                zipSummary.notes = ["\(table.split) ZIP codes span more than one district"]
                summary = zipSummary
            case .congressLegislators:
                summary = try CongressLegislatorsImporter(
                    file: URL(fileURLWithPath: path), contactForms: contactForms.map { URL(fileURLWithPath: $0, isDirectory: true) },
                    asOf: day
                ).run(output: out)
            }
            let taken = dataDate ?? day
            guard MessageDate.isCalendarDay(taken) else {
                throw InputError.badOption(option: "--data-date", reason: "'\(taken)' is not a date", hint: "write it as YYYY-MM-DD")
            }
            for file in summary.files {
                try DataDates.record(
                    folder: out, file: (file.path as NSString).lastPathComponent, date: taken,
                    refresh: "outreach recipients import \(source.name) \(path)\(contactForms.map { " --contact-forms \($0)" } ?? "")")
            }
            if json { return try JSONOutput.print(summary) }
            for file in summary.files { print("Wrote \(file.rows) rows to \(file.path)") }
            for (kind, count) in summary.endedTerms.sorted(by: { $0.key < $1.key }) {
                print("Left out \(count) \(kind) record\(count == 1 ? "" : "s") whose term ended before \(day)")
            }
            for note in summary.notes { print("note: \(note)") }
        }
    }
}
