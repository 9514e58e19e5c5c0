/// One column of a spreadsheet and what the import made of it.
public struct SpreadsheetColumn: Sendable, Codable, Equatable {
    /// How the column was mapped.
    public enum Mapping: String, Sendable, Codable {
        /// The header is a spelling of a recipient list column (`First Name` → `given_name`).
        case matched
        /// `--map` named its column.
        case mapped
        /// It maps to no list column: kept under its own normalized name (`Ward #` → `ward`).
        case kept
        /// Left out: `--map "Column="`, or a column without a header and without a value.
        case dropped
    }

    /// The header as the file spells it.
    public var header: String
    /// The 1-based position in the file.
    public var position: Int
    /// The list column it fills; nil when dropped.
    public var column: String?
    public var mapping: Mapping
    /// Why, when it is worth saying: `also email: kept as email_2`, `no header and no value`.
    public var note: String?
}
