import CSV
import Foundation

/// A spreadsheet's rows as text, with the 1-based line where each starts: the header row, then
/// every row that holds a value (blank lines and rows of only delimiters are skipped).
struct SpreadsheetTable {
    let file: String
    /// The header row as the file spells it.
    let header: [String]
    let headerLocation: SourceLocation
    /// The rows that hold a value, with the line each starts on.
    let rows: [(line: Int, values: [String])]

    /// - Parameters:
    ///   - data: the file as UTF-8, without a byte-order mark or a `sep=` line.
    ///   - file: the file, for messages.
    ///   - delimiter: the byte between fields.
    ///   - firstLine: the line of the file `data` starts on (2 after a `sep=` line).
    /// - Throws: `SpreadsheetError.notUTF8` with the line of the first bad bytes, `.badHeader`
    ///   when there is no header row, `.noRows` when there is no other; `InputError.unterminatedQuote`.
    init(data: Data, file: String, delimiter: UInt8, firstLine: Int) throws {
        self.file = file
        var header: [String]?
        var headerLine = firstLine
        var rows: [(line: Int, values: [String])] = []
        do {
            try CSVBlocks.read(data: data, file: file, delimiter: delimiter) { text, blockLine in
                let reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: UnicodeScalar(delimiter))
                var line = blockLine + firstLine - 1
                while let read = reader.next() {
                    // Text exported decomposed (macOS writes NFD: "e" + U+0308) is stored composed (NFC).
                    let row = read.map { $0.precomposedStringWithCanonicalMapping }
                    let rowLine = line
                    line += 1 + row.reduce(0) { $0 + RecipientReader.lineBreaks(in: $1) }
                    if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                    if header == nil {
                        header = row
                        headerLine = rowLine
                    } else {
                        rows.append((rowLine, row))
                    }
                }
            }
        } catch InputError.notUTF8(let location, let detail) {
            throw SpreadsheetError.notUTF8(location: location, detail: detail, file: file)
        } catch let error as CSVError {
            throw SpreadsheetError.badHeader(
                location: SourceLocation(file: file, line: firstLine), reason: "cannot be read: \(error)",
                hint: "export the sheet again as CSV")
        }
        guard let header else {
            throw SpreadsheetError.badHeader(
                location: SourceLocation(file: file, line: firstLine), reason: "row is missing: the file is empty",
                hint: "export the sheet with its header row")
        }
        guard !rows.isEmpty else { throw SpreadsheetError.noRows(file: file) }
        self.header = header
        headerLocation = SourceLocation(file: file, line: headerLine)
        self.rows = rows
    }

    /// True when some row has a value in the column at the 0-based `column`.
    func hasValues(column: Int) -> Bool {
        rows.contains { column < $0.values.count && !$0.values[column].trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
