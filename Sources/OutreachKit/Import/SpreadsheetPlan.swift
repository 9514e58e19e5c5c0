import CSV
import Foundation

/// A spreadsheet read and checked by `SpreadsheetImport.read()`: how it was read, the mapping
/// it used, what it made, and the rows, ready to be written; or the problems that stop it.
public struct SpreadsheetPlan: Sendable {
    /// The spreadsheet.
    public let file: String
    public let dialect: SpreadsheetDialect
    /// Every column of the file and what it fills.
    public let columns: [SpreadsheetColumn]
    /// What the import made that the sheet did not have: `id from the email address ...`.
    public let made: [String]
    /// List columns no column of the sheet fills (left empty).
    public let empty: [String]
    /// The list's name and file.
    public let listName: String
    public let output: URL
    /// True when a list of that name is replaced (`--force`).
    public let replaces: Bool
    /// How many rows of the sheet were read (blank ones skipped).
    public let rowsRead: Int
    /// How many of them were refused (nothing is written while one is).
    public let rowsRefused: Int
    /// How many recipients the list has (or would have: the rows not refused).
    public var rowCount: Int { rowsRead - rowsRefused }
    /// The role of each recipient, counted: for the command that drafts to them.
    public let roles: [String: Int]
    /// What the person should know though the import succeeds (printed as `warning:` lines).
    public internal(set) var warnings: [SpreadsheetWarning] = []
    /// Every problem found in the rows (nothing is written while there is one).
    public var problems: [any OutreachError] { collector.kept }

    let outputColumns: [String]
    let rows: [[String]]
    private let collector: ProblemCollector

    init(
        table: SpreadsheetTable, mapping: ColumnMapping, dialect: SpreadsheetDialect, listName: String,
        defaultRole: String?, source: String, output: URL, replaces: Bool, otherLists: [String] = []
    ) throws {
        file = table.file
        self.dialect = dialect
        columns = mapping.columns
        self.listName = listName
        self.output = output
        self.replaces = replaces
        outputColumns = mapping.outputColumns
        try Self.checkColumns(mapping, table: table, defaultRole: defaultRole)

        var made: [String] = []
        if !mapping.has("id") {
            made.append("id from the list's name and the email address, else the name and the city")
        } else {
            made.append("id from the sheet's id after the list's name (\(listName)/ID), unique across lists")
        }
        if !mapping.has("name") { made.append("name from given_name and family_name") }
        if !mapping.has("role"), let defaultRole {
            made.append("role \(defaultRole) (--role)")
        } else if let defaultRole {
            made.append("role \(defaultRole) where \(mapping.header(of: "role").debugDescription) is empty (--role)")
        }
        if mapping.has("address") && (mapping.has("jurisdiction") || mapping.has("zip")) {
            made.append("address with the city, state and ZIP added where it lacks them")
        }
        if !mapping.has("source") { made.append("source \(source)") }
        self.made = made
        empty = RecipientColumn.required.filter {
            !mapping.has($0) && !["id", "name", "role", "source"].contains($0)
        }

        var converter = RowConverter(
            mapping: mapping, file: table.file, listName: listName, defaultRole: defaultRole, source: source)
        var rows: [[String]] = []
        var lines: [Int] = []
        var refused = Set<Int>()
        var lastGuard: [any OutreachError] = []
        let listHeader = RecipientHeader(file: table.file, columns: outputColumns)
        for (line, values) in table.rows {
            guard let row = converter.convert(values, line: line, width: table.header.count) else {
                refused.insert(line)
                continue
            }
            // The rules draft applies to the list, at the sheet's line: what passes is drafted.
            let broken = ListRowCheck.problems(of: Recipient(header: listHeader, values: row, line: line))
            if !broken.isEmpty {
                lastGuard += broken
                refused.insert(line)
                continue
            }
            rows.append(row)
            lines.append(line)
        }
        var collector = converter.problems
        for problem in lastGuard { collector.record(problem) }
        for taken in Self.idsInUse(rows: rows, lines: lines, columns: outputColumns, file: table.file, in: otherLists) {
            collector.record(taken.error)
            refused.insert(taken.location.line)
        }
        var roles: [String: Int] = [:]
        if let position = outputColumns.firstIndex(of: "role") {
            for row in rows { roles[row[position], default: 0] += 1 }
        }
        self.rows = rows
        self.roles = roles
        self.collector = collector
        rowsRead = table.rows.count
        rowsRefused = refused.count
    }

    /// The rows whose id a row of another list has (draft refuses two rows with one id, in any
    /// lists). A list that cannot be read is skipped: draft will name its own problem.
    /// - Parameters:
    ///   - rows: the rows to write, in `columns` order.
    ///   - lines: the sheet's line of each row.
    ///   - columns: the list's columns.
    ///   - file: the sheet, for the locations.
    ///   - otherLists: the other lists draft reads.
    /// - Returns: one `SpreadsheetError.idInUse` per row whose id is taken.
    private static func idsInUse(
        rows: [[String]], lines: [Int], columns: [String], file: String, in otherLists: [String]
    ) -> [(error: SpreadsheetError, location: SourceLocation)] {
        guard let position = columns.firstIndex(of: "id"), !otherLists.isEmpty else { return [] }
        var mine: [String: Int] = [:]
        for (row, line) in zip(rows, lines) { mine[row[position]] = line }
        var found: [(error: SpreadsheetError, location: SourceLocation)] = []
        for list in otherLists {
            guard let reader = try? RecipientReader(path: list) else { continue }
            try? reader.forEachRow { other in
                guard let line = mine.removeValue(forKey: other.id) else { return }
                let location = SourceLocation(file: file, line: line)
                found.append((.idInUse(location: location, id: other.id, other: other.location), location))
            }
        }
        return found.sorted { $0.location.line < $1.location.line }
    }

    /// What a recipient needs, checked once on the header: a name, a way to deliver, a role.
    private static func checkColumns(_ mapping: ColumnMapping, table: SpreadsheetTable, defaultRole: String?) throws {
        let location = table.headerLocation
        func missing(_ what: String, _ field: String) -> SpreadsheetError {
            let near = NearestNames.nearest(to: field, in: table.header).first ?? "COLUMN"
            return .missingColumn(
                location: location, what: what, columns: table.header,
                hint: "map the column that holds it: --map \"\(near)=\(field)\"")
        }
        if !mapping.has("name") && !mapping.has("given_name") && !mapping.has("family_name") {
            throw missing("the recipient's name (Name, or First Name and Last Name)", "name")
        }
        if !mapping.has("email") && !mapping.has("contact_form") && !mapping.has("address") {
            throw missing("an email address, a contact form or a postal address", "email")
        }
        if !mapping.has("role") && defaultRole == nil {
            throw SpreadsheetError.missingColumn(
                location: location, what: "the role", columns: table.header,
                hint:
                    "give it: --role ROLE (council-member, sheriff, school-board, ...), or map a column: --map \"COLUMN=role\""
            )
        }
    }

    /// Writes the list: every problem first (nothing written), then the file through a temporary
    /// file and a rename (0600, in a 0700 folder), ending with a newline.
    /// - Returns: what was written.
    /// - Throws: the problems found (one, or a `ProblemList`); `SpreadsheetError.listExists` when
    ///   a list of that name appeared meanwhile and `--force` was not given; `FileError.cannotWrite`.
    public func write() throws -> SpreadsheetSummary {
        try collector.throwIfAny()
        if FileManager.default.fileExists(atPath: output.path) && !replaces {
            throw SpreadsheetError.listExists(path: output.path, name: listName)
        }
        try PrivateFiles.write(
            try RecipientCSVWriter.data(header: outputColumns, rows: rows, path: output.path), to: output)
        return summary
    }

    /// The plan as a script reads it (`--json`).
    public var summary: SpreadsheetSummary {
        SpreadsheetSummary(
            file: file, list: output.path, name: listName, rows: rows.count, roles: roles, replaced: replaces,
            dialect: dialect, columns: columns, made: made, empty: empty, warnings: warnings)
    }
}
