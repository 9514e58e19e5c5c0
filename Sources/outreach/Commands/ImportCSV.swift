import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ImportCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv", abstract: "Import a spreadsheet of your own as a recipient list, for any role.",
            discussion:
                "Reads the sheet as it was exported (UTF-8 with or without a byte-order mark, CRLF or LF, commas, semicolons or tabs, Excel's sep= line), matches its headers whatever their case and punctuation (First Name, first_name and Given Name are given_name; E-mail and Email Address are email; City and Town are jurisdiction; ...), keeps other columns under their own names ('Ward #' is {{recipient.ward}}), prints the mapping, and writes the list into your recipients folder ($XDG_DATA_HOME/outreach/recipients; with --home DIR: DIR/recipients) through a temporary file and a rename. Every row needs a name, a role and an email address, a contact form or a postal address; an id is made when the sheet has none, the same at every re-import, and a sheet's own ids are prefixed with the list's name, so that no two lists share one. Every row is checked with the rules draft applies (a line break in a name, a sanctuary_policy other than yes or no: TRUE and FALSE are read as yes and no), and nothing is written when any row is wrong. The import never writes over the spreadsheet itself, and warns about fields that the role's templates show and the sheet leaves empty (--map \"Last Name=family_name\")."
        )
        @OptionGroup var home: HomeOptions
        @Argument(help: "The spreadsheet, exported as CSV.") var file: String
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Map columns yourself: \"Spreadsheet Column=field,...\"; field is a list column (email, jurisdiction, ...) or a name of your own, and \"Column=\" leaves a column out. Repeatable.",
                valueName: "MAP"))
        var map: [String] = []
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The role of rows without one: council-member, sheriff, school-board, ... (default: the sheet's Role column).",
                valueName: "ROLE"))
        var role: String?
        @Option(name: .long, help: ArgumentHelp("The list's name (default: the file's name).", valueName: "LIST"))
        var name: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The delimiter: ',', ';', tab or '|' (default: Excel's sep= line, else the one the header row uses).",
                valueName: "CHAR"))
        var delimiter: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Convert from windows-1252, latin-1 or utf-16 (default: the file must be UTF-8).", valueName: "NAME"))
        var encoding: String?
        @Flag(name: .long, help: "Replace a list of yours that has this name.") var force = false
        @Flag(help: "Print what was written as JSON.") var json = false

        func run() throws {
            let paths = try home.paths
            var spreadsheet = SpreadsheetImport(file: file, folder: paths.userRecipientsFolder)
            // Ids are unique across every list draft reads; one that cannot be listed is skipped.
            spreadsheet.otherLists = (try? RecipientLists.inUse(paths: paths))?.files ?? []
            // For the warning on fields the role's templates show; one that does not load is skipped.
            if let loader = try? TemplateLoader.inUse(paths: paths) {
                spreadsheet.templates = loader.entries().compactMap { try? loader.load(named: $0.name) }
            }
            spreadsheet.maps = map
            spreadsheet.role = role
            spreadsheet.listName = name
            spreadsheet.delimiter = delimiter
            spreadsheet.encoding = encoding
            spreadsheet.force = force
            let plan = try spreadsheet.read()
            if !json { ImportReport.printMapping(plan) }
            let summary = try plan.write()
            ImportReport.printWarnings(plan)
            if json { return try JSONOutput.print(summary) }
            ImportReport.printWritten(plan)
        }
    }
}
