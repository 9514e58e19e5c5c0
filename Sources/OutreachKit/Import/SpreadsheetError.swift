import Foundation

/// Why `outreach recipients import csv` wrote nothing. Each names the spreadsheet and, where there
/// is one, the 1-based line and the column as the file spells it (quoted, so white space shows).
public enum SpreadsheetError: OutreachError, Equatable {
    /// The file is not UTF-8, and no `--encoding` was given.
    case notUTF8(location: SourceLocation, detail: String, file: String)
    /// `--encoding` names an encoding the import does not convert, or the file is not in it.
    case badEncoding(name: String, reason: String)
    /// `--delimiter` is not one character the import knows.
    case badDelimiter(value: String)
    /// The header row is missing, or a whole column has no name while holding values.
    case badHeader(location: SourceLocation, reason: String, hint: String)
    /// The header looks cut by the wrong delimiter: one column holding `;` or tabs.
    case wrongDelimiter(location: SourceLocation, header: String, found: String, given: String)
    /// No column holds what every recipient needs (a name, a way to deliver the letter, a role).
    case missingColumn(location: SourceLocation, what: String, columns: [String], hint: String)
    /// `--map` is not `Column=field`, names a column the file does not have, or a field that is
    /// not a column name.
    case badMap(entry: String, reason: String, hint: String)
    /// A row's value breaks a rule; `column` is the header as the file spells it.
    case badValue(location: SourceLocation, column: String, field: String, reason: String, hint: String)
    /// A row has more fields (not empty) or fewer than the header.
    case raggedRow(location: SourceLocation, expected: Int, found: Int)
    /// Two rows name one recipient: the same id, or the same mailbox.
    case duplicate(location: SourceLocation, what: String, first: SourceLocation)
    /// A row's id is the id of a row in another list `draft` reads (ids are unique across lists).
    case idInUse(location: SourceLocation, id: String, other: SourceLocation)
    /// The list exists and `--force` was not given.
    case listExists(path: String, name: String)
    /// The list would be written over the spreadsheet being imported (a spreadsheet left in
    /// the recipients folder, imported under its own name).
    case listIsInput(path: String, name: String)
    /// The file has a header and no row.
    case noRows(file: String)

    public var message: String {
        switch self {
        case .notUTF8(let location, let detail, _): return "\(location): not UTF-8: \(detail)"
        case .badEncoding(let name, let reason): return "--encoding \(name.debugDescription): \(reason)"
        case .badDelimiter(let value): return "--delimiter \(value.debugDescription) is not a delimiter"
        case .badHeader(let location, let reason, _): return "\(location): header \(reason)"
        case .wrongDelimiter(let location, let header, let found, let given):
            return
                "\(location): the header is one column, \(header.debugDescription), which holds \(found): the file is separated by \(found), not \(given)"
        case .missingColumn(let location, let what, let columns, _):
            return
                "\(location): no column holds \(what); the columns are \(columns.map(\.debugDescription).joined(separator: ", "))"
        case .badMap(let entry, let reason, _): return "--map \(entry.debugDescription): \(reason)"
        case .badValue(let location, let column, let field, let reason, _):
            let name = column == field ? column.debugDescription : "\(column.debugDescription) (\(field))"
            return "\(location): field \(name) \(reason)"
        case .raggedRow(let location, let expected, let found):
            return "\(location): row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected)"
        case .duplicate(let location, let what, let first):
            return "\(location): \(what) is also the recipient of \(first); that office would get two letters"
        case .idInUse(let location, let id, let other):
            return
                "\(location): id \(id.debugDescription) is already used at \(other); draft would refuse both lists"
        case .listExists(let path, _): return "a list of yours already exists at \(path)"
        case .listIsInput(let path, _):
            return "\(path) is the spreadsheet being imported: the list would be written over it"
        case .noRows(let file): return "\(file): the file has a header but no row"
        }
    }

    public var hint: String? {
        switch self {
        case .notUTF8(_, let detail, let file):
            let from = detail.contains("UTF-16") ? "UTF-16" : "WINDOWS-1252"
            let quoted = Self.shellQuoted(file)
            let converted = Self.shellQuoted(file + ".utf8")
            return
                "import it as it is with --encoding \(from.lowercased()); or convert it first, iconv -f \(from) -t UTF-8 \(quoted) > \(converted), and import that with --name \(SpreadsheetImport.defaultName(of: file)) so that the list's name and ids stay the same"
        case .badEncoding:
            return "give --encoding windows-1252, latin-1 or utf-16, or convert the file to UTF-8 with iconv"
        case .badDelimiter: return "give --delimiter ',' or ';' or tab or '|', or leave it out to detect it"
        case .badHeader(_, _, let hint): return hint
        case .wrongDelimiter(_, _, let found, _):
            return "leave out --delimiter to detect it, or give --delimiter \(found == "tabs" ? "tab" : "';'")"
        case .missingColumn(_, _, _, let hint): return hint
        case .badMap(_, _, let hint): return hint
        case .badValue(_, _, _, _, let hint): return hint
        case .raggedRow:
            return "quote fields that hold the delimiter (\"a, b\"), and give every row one field per column"
        case .duplicate:
            return "remove one of the rows, or give them different ids and addresses"
        case .idInUse:
            return
                "ids are unique across all recipient lists: give the row another id in the sheet, or import it under another name (--name LIST): the sheet's ids are prefixed with the list's name"
        case .listExists(_, let name):
            return "pass --force to replace it, or import under another name: --name \(name)-2"
        case .listIsInput(_, let name):
            return
                "move the spreadsheet out of your recipients folder first and import it from there, or import it under another name: --name \(name)-list (then move the spreadsheet out)"
        case .noRows: return "export the sheet with its rows"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badEncoding, .badDelimiter, .badMap: return ExitStatus.usage
        case .listExists, .listIsInput: return ExitStatus.cannotCreate
        default: return ExitStatus.dataError
        }
    }

    /// A path as a shell word: as it is when it is plain, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "/._-+,=@".unicodeScalars.contains($0)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
