/// What `outreach recipients import csv` wrote, for `--json`.
public struct SpreadsheetSummary: Sendable, Codable {
    /// The spreadsheet read.
    public var file: String
    /// The list written.
    public var list: String
    /// The list's name.
    public var name: String
    /// Recipients written.
    public var rows: Int
    /// Recipients per role.
    public var roles: [String: Int]
    /// True when a list of that name was replaced (`--force`).
    public var replaced: Bool
    public var dialect: SpreadsheetDialect
    /// Every column of the sheet and what it filled.
    public var columns: [SpreadsheetColumn]
    /// What the import made that the sheet did not have.
    public var made: [String]
    /// List columns no column filled.
    public var empty: [String]
    /// What a later command may trip on (the import still succeeded).
    public var warnings: [SpreadsheetWarning]
}
