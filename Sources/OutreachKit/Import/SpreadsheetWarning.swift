/// Something `outreach recipients import csv` wrote but that a later command may trip on: the
/// spreadsheet left in the recipients folder, a field the role's templates use left empty.
/// The import still succeeds; the command prints `warning:` and `hint:` lines on standard error.
public struct SpreadsheetWarning: Sendable, Codable, Equatable {
    /// One line: what is wrong and what it will do.
    public var message: String
    /// How to fix it.
    public var hint: String
}
