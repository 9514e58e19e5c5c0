/// The header of one recipient file, shared by all its rows.
public final class RecipientHeader: Sendable {
    /// The file as named on the command line or found in the folder.
    public let file: String
    /// Column names in file order.
    public let columns: [String]
    /// Column name → index into `Recipient.values`.
    public let index: [String: Int]

    public init(file: String, columns: [String]) {
        self.file = file
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() { index[column] = position }
        self.index = index
    }
}
