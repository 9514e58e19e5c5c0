import CSV
import Foundation

/// `outreach recipients import csv FILE`: a spreadsheet as people export it (Excel, Google
/// Sheets, LibreOffice, Mailchimp, Action Network, ...) read into a recipient list of outreach's
/// own format, in the person's recipients folder, which `draft` reads beside the shipped lists.
///
/// `read()` reads and checks everything and returns a `SpreadsheetPlan` (the mapping it used,
/// what it could not map, every problem); `SpreadsheetPlan.write()` then writes the list through
/// a temporary file and a rename, or nothing at all.
///
/// - Dialects: UTF-8 with or without a byte-order mark, CRLF, LF or CR line ends, fields
///   separated by commas, semicolons, tabs or `|` (detected from the header row, or
///   `--delimiter`), Excel's `sep=;` first line, rows of only delimiters (skipped like blank
///   lines), trailing empty columns. Windows-1252, Latin-1 and UTF-16 files are refused with the
///   `iconv` command that converts them, or converted with `--encoding`.
/// - Headers are matched without regard to case, spaces or punctuation, by their common
///   spellings (`HeaderMatcher`); `--map` overrides; other columns are kept under a normalized
///   name (`Ward #` → `ward`) for templates.
/// - Each row needs a name (or a first and last name), a role (its own or `--role`), and an
///   email address, a contact form or a postal address. Its `id` is its own when the sheet has
///   one, else made from the list's name and the email address (else the name and the city), so
///   a re-import of a refreshed sheet keeps every recipient's id.
public struct SpreadsheetImport: Sendable {
    /// The spreadsheet.
    public var file: String
    /// `--map "Column=field,..."` values.
    public var maps: [String] = []
    /// `--role ROLE`: the role of rows without one.
    public var role: String?
    /// `--name LIST`: the list's name; default the file's name.
    public var listName: String?
    /// `--delimiter`: `,`, `;`, `tab` or `|`; detected when nil.
    public var delimiter: String?
    /// `--encoding`: `windows-1252`, `latin-1`, `utf-16` or `utf-8`; UTF-8 when nil.
    public var encoding: String?
    /// `--force`: replace a list of that name.
    public var force = false
    /// The other lists `draft` reads (`RecipientLists.inUse`): the ids written must not be
    /// theirs. The list being replaced and the spreadsheet itself are left out.
    public var otherLists: [String] = []
    /// The templates in use (`TemplateLoader.inUse`): the fields those for the list's roles
    /// show and the sheet leaves empty are warned about (`EmptyTemplateFields`).
    public var templates: [LetterTemplate] = []
    /// Where the list goes: `Paths.userRecipientsFolder`.
    public var folder: URL

    /// - Parameters:
    ///   - file: the spreadsheet exported as CSV.
    ///   - folder: the person's recipients folder.
    public init(file: String, folder: URL) {
        self.file = file
        self.folder = folder
    }

    /// The list's name: `--name`, else the file's name without its extension, as a slug
    /// (`Council Members 2026.csv` → `council-members-2026`).
    /// - Throws: `InputError.badOption` when `--name` is not letters, digits, `-` and `_`.
    public func name() throws -> String {
        if let listName {
            guard !listName.isEmpty, listName.utf8.allSatisfy({ Self.isNameByte($0) }), !listName.hasPrefix(".") else {
                throw InputError.badOption(
                    option: "--name", reason: "\(listName.debugDescription) is not a list name",
                    hint: "use letters, digits, '-' and '_', for example --name city-council")
            }
            return listName
        }
        return Self.defaultName(of: file)
    }

    /// The list's name a file gives without `--name`: its name without the extension, as a slug.
    /// - Parameter file: the spreadsheet's path.
    /// - Returns: letters, digits and `_` in lower case, other runs as `-`; `imported` when none.
    public static func defaultName(of file: String) -> String {
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let words = base.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }
        return words.isEmpty ? "imported" : words.joined(separator: "-")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
            || byte == 0x5F
    }

    /// Reads and checks the spreadsheet.
    /// - Returns: the plan: the dialect, the mapping, the rows made, and every row problem found.
    /// - Throws: `SpreadsheetError` for what stops the reading (encoding, header, `--map`,
    ///   `--delimiter`, `--encoding`, a list that exists without `--force`, a column that is
    ///   needed and missing); `InputError.cannotRead`, `.notAFile` (a folder, a device),
    ///   `.fileTooLarge` past `InputLimits.sourceFileBytes`, `.lineTooLong` or `.rowTooLong`
    ///   past `InputLimits.lineBytes` or `.recipientRowBytes`, `.unterminatedQuote`, `.badOption`.
    public func read() throws -> SpreadsheetPlan {
        let name = try name()
        let output = folder.appendingPathComponent("\(name).csv")
        // A spreadsheet left in the recipients folder, imported under its own name, is never
        // written over, --force or not.
        if Self.isSameFile(file, output.path) { throw SpreadsheetError.listIsInput(path: file, name: name) }
        if FileManager.default.fileExists(atPath: output.path) && !force {
            throw SpreadsheetError.listExists(path: output.path, name: name)
        }
        let defaultRole = try role.map { text -> String in
            guard let role = Role(rawValue: text) else { throw InputError.badRole(role: text) }
            return role.rawValue
        }
        // Within a bound, a device or a folder refused before a byte is read; a pipe is read too.
        var data = try InputFile.data(
            atPath: file, what: "the spreadsheet", limit: InputLimits.sourceFileBytes, allowsPipe: true)
        var dialect = SpreadsheetDialect(
            encoding: "UTF-8", byteOrderMark: false, lineEnd: "LF", delimiter: ",", separatorLine: false)
        try decode(&data, dialect: &dialect)
        dialect.lineEnd = SpreadsheetDialect.lineEnd(of: data)
        if dialect.lineEnd == "CR" {
            // Old Mac exports end lines with CR alone; inside a quoted field one becomes LF too.
            data = Data(data.map { $0 == 0x0D ? 0x0A : $0 })
        }
        var firstLine = 1
        var delimiter: UInt8
        if let separator = SpreadsheetDialect.separatorLine(in: data) {
            dialect.separatorLine = true
            data = data.subdata(in: (data.startIndex + separator.length)..<data.endIndex)
            firstLine = 2
            delimiter = separator.delimiter
        } else {
            delimiter = SpreadsheetDialect.detectDelimiter(in: data)
        }
        if let given = self.delimiter { delimiter = try SpreadsheetDialect.delimiter(named: given) }
        dialect.delimiter = String(UnicodeScalar(delimiter))

        let table = try SpreadsheetTable(data: data, file: file, delimiter: delimiter, firstLine: firstLine)
        try checkDelimiter(table.header, dialect: dialect, location: table.headerLocation)
        let mapping = try ColumnMapping(header: table.header, maps: maps) { table.hasValues(column: $0) }
        var plan = try SpreadsheetPlan(
            table: table, mapping: mapping, dialect: dialect, listName: name, defaultRole: defaultRole,
            source: (file as NSString).lastPathComponent, output: output,
            replaces: force && FileManager.default.fileExists(atPath: output.path),
            otherLists: otherLists.filter { !Self.isSameFile($0, output.path) && !Self.isSameFile($0, file) })
        plan.warnings += EmptyTemplateFields.warnings(
            columns: plan.outputColumns, rows: plan.rows, templates: templates)
        if Self.resolved(file).hasPrefix(Self.resolved(folder.path) + "/") {
            plan.warnings.append(
                SpreadsheetWarning(
                    message:
                        "the spreadsheet \(file) is in your recipients folder, where draft reads it as a list and refuses it",
                    hint: "move it out of your recipients folder: mv -i \(SpreadsheetError.shellQuoted(file)) ~/"))
        }
        return plan
    }

    /// The path with symbolic links resolved, `.` and `..` removed.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// True when the two paths name one file: the same path once resolved, or the same file
    /// (device and inode) under two names.
    static func isSameFile(_ first: String, _ second: String) -> Bool {
        if resolved(first) == resolved(second) { return true }
        let manager = FileManager.default
        guard let one = try? manager.attributesOfItem(atPath: first),
            let other = try? manager.attributesOfItem(atPath: second),
            let inode = one[.systemFileNumber] as? NSNumber, let device = one[.systemNumber] as? NSNumber
        else { return false }
        return inode == other[.systemFileNumber] as? NSNumber && device == other[.systemNumber] as? NSNumber
    }

    /// Converts the file to UTF-8 without a byte-order mark, or refuses it.
    private func decode(_ data: inout Data, dialect: inout SpreadsheetDialect) throws {
        let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        let location = SourceLocation(file: file, line: 1)
        guard let encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) else {
            if utf16 {
                throw SpreadsheetError.notUTF8(
                    location: location, detail: "the file starts with a UTF-16 byte-order mark", file: file)
            }
            if data.starts(with: [0xEF, 0xBB, 0xBF]) {
                dialect.byteOrderMark = true
                data = data.subdata(in: (data.startIndex + 3)..<data.endIndex)
            }
            return
        }
        let known: [String: (String.Encoding, String)] = [
            "windows-1252": (.windowsCP1252, "Windows-1252"), "cp1252": (.windowsCP1252, "Windows-1252"),
            "latin-1": (.isoLatin1, "Latin-1"), "latin1": (.isoLatin1, "Latin-1"),
            "iso-8859-1": (.isoLatin1, "Latin-1"), "utf-16": (.utf16, "UTF-16"),
        ]
        guard let (stringEncoding, label) = known[encoding.lowercased()] else {
            throw SpreadsheetError.badEncoding(name: encoding, reason: "is not an encoding the import converts")
        }
        guard let text = String(data: data, encoding: stringEncoding) else {
            throw SpreadsheetError.badEncoding(name: encoding, reason: "the file is not \(label) text")
        }
        dialect.encoding = label
        dialect.byteOrderMark = utf16 || data.starts(with: [0xEF, 0xBB, 0xBF])
        data = Data((text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).utf8)
    }

    /// A header of one column that holds another delimiter was cut with the wrong one.
    private func checkDelimiter(_ header: [String], dialect: SpreadsheetDialect, location: SourceLocation) throws {
        guard header.count == 1, let only = header.first else { return }
        for (character, name) in SpreadsheetDialect.delimiters
        where String(UnicodeScalar(character)) != dialect.delimiter && only.utf8.contains(character) {
            throw SpreadsheetError.wrongDelimiter(
                location: location, header: only, found: name, given: dialect.delimiterName)
        }
    }
}
