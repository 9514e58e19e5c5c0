import Foundation

/// One `outreach recipients import`: reads public data, writes the recipient files (or the ZIP
/// table) into a folder, and records in `data-dates.tsv` how old the data is.
public struct RecipientImport: Sendable {
    public var source: ImportSource
    /// The data folder (openstates) or file (congress-legislators, zccd).
    public var path: String
    /// Open States' `data/us/legislature`, for the contact forms congress-legislators lacks.
    public var contactForms: String?
    /// The folder the files are written into.
    public var output: URL
    /// Records whose term ended before this day (YYYY-MM-DD) are left out.
    public var asOf: String
    /// When the data was taken (YYYY-MM-DD), for the staleness notes; `asOf` when nil.
    public var dataDate: String?

    public init(source: ImportSource, path: String, contactForms: String?, output: URL, asOf: String, dataDate: String?)
    {
        self.source = source
        self.path = path
        self.contactForms = contactForms
        self.output = output
        self.asOf = asOf
        self.dataDate = dataDate
    }

    /// The `--as-of` day: `text`, or today when nil.
    /// - Throws: `InputError.badOption` when it is not a YYYY-MM-DD day.
    public static func day(_ text: String?, today: Date = Date()) throws -> String {
        let day = text ?? MessageDate.day(today)
        guard MessageDate.isCalendarDay(day) else {
            throw InputError.badOption(
                option: "--as-of", reason: "'\(day)' is not a date", hint: "write it as YYYY-MM-DD")
        }
        return day
    }

    /// Imports, then records the data's date for each file written.
    /// - Returns: the files written, the records left out and why.
    /// - Throws: what the importer throws (`InputError` for the data, `FileError.cannotWrite`);
    ///   `InputError.badOption` for a `dataDate` that is not a day (after the files are written).
    public func run() throws -> ImportSummary {
        let summary: ImportSummary
        switch source {
        case .openstates:
            summary = try OpenStatesImporter(folder: URL(fileURLWithPath: path, isDirectory: true), asOf: asOf).run(
                output: output)
        case .zccd:
            summary = try ZipDistrictsImporter(file: URL(fileURLWithPath: path)).run(output: output)
        case .congressLegislators:
            summary = try CongressLegislatorsImporter(
                file: URL(fileURLWithPath: path),
                contactForms: contactForms.map { URL(fileURLWithPath: $0, isDirectory: true) },
                asOf: asOf
            ).run(output: output)
        }
        let taken = dataDate ?? asOf
        guard MessageDate.isCalendarDay(taken) else {
            throw InputError.badOption(
                option: "--data-date", reason: "'\(taken)' is not a date", hint: "write it as YYYY-MM-DD")
        }
        for file in summary.files {
            try DataDates.record(
                folder: output, file: (file.path as NSString).lastPathComponent, date: taken, refresh: refreshCommand)
        }
        return summary
    }

    /// The command that refreshes the files, kept beside them in `data-dates.tsv`: the update
    /// from the published source, never a path that only this machine has.
    var refreshCommand: String { source.dataSource.refreshCommand }
}
