import CSV
import Foundation

/// Reads recipient CSV files: UTF-8 (a BOM is accepted), RFC 4180 quoting, one header row.
///
/// Parsing is CSV.swift's, block by block (`CSVBlocks`); this type adds what it does not report:
/// encoding errors, an open quote, ragged rows, missing or repeated columns, and the 1-based
/// line where each row starts.
public struct RecipientReader: Sendable {
    /// The lists read, with their ZIP table and data dates.
    public let lists: RecipientLists

    /// The CSV files to read, in order.
    public var files: [String] { lists.files }

    /// Reads `lists`.
    public init(lists: RecipientLists) {
        self.lists = lists
    }

    /// Finds the recipient files at `path`: the file itself, or every `*.csv` below the folder,
    /// sorted by path.
    /// - Throws: as `RecipientLists.init(path:)`.
    public init(path: String) throws {
        lists = try RecipientLists(path: path)
    }

    /// Calls `visit` with every row of every file, in order; blank lines are skipped. Every value
    /// is composed to NFC (`ComposedText`), so a list written decomposed (NFD) drafts the same
    /// letters as one imported. Each row's `role` is normalized (`Council Member` →
    /// `council-member`, see `Role`); a row whose role is empty or no role is a problem.
    ///
    /// Structural problems (ragged rows) are collected per file and thrown together after the
    /// file is read, so `visit` may have seen rows of a file that turns out bad: callers write
    /// nothing until this returns.
    /// - Throws: `InputError` for encoding, quoting and header problems, `ProblemList` for
    ///   several ragged rows or rows without a role, and whatever `visit` throws.
    public func forEachRow(_ visit: (Recipient) throws -> Void) throws {
        for file in files {
            var header: RecipientHeader?
            var problems = ProblemCollector()
            try CSVBlocks.read(path: file) { text, firstLine in
                let reader: CSVReader
                do { reader = try CSVReader(string: text, hasHeaderRow: header == nil) } catch {
                    throw InputError.badHeader(
                        location: SourceLocation(file: file, line: 1), reason: "row is missing: the file is empty")
                }
                var line = firstLine
                if header == nil {
                    let columns = reader.headerRow ?? []
                    header = try Self.checkHeader(columns, file: file)
                    line += 1 + columns.reduce(0) { $0 + Self.lineBreaks(in: $1) }
                }
                guard let header, let rolePosition = header.index["role"] else { return }
                while var row = reader.next() {
                    let rowLine = line
                    line += 1 + row.reduce(0) { $0 + Self.lineBreaks(in: $1) }
                    if row.count == 1 && row[0].isEmpty { continue }
                    if row.count != header.columns.count {
                        problems.record(
                            InputError.raggedRow(
                                location: SourceLocation(file: file, line: rowLine), expected: header.columns.count,
                                found: row.count))
                        continue
                    }
                    // Every value composed (NFC), as `recipients import` stores it: a list
                    // written by hand may be decomposed (NFD).
                    for index in row.indices { row[index] = ComposedText.nfc(row[index]) }
                    // One spelling of a role everywhere; a row without one is never dropped silently.
                    guard let role = Role.normalize(row[rolePosition]) else {
                        problems.record(
                            InputError.badRecipientValue(
                                location: SourceLocation(file: file, line: rowLine), field: "role",
                                reason: Role.problem(with: row[rolePosition]),
                                hint: "give every row a role, such as mayor or council-member"))
                        continue
                    }
                    if role != row[rolePosition] {
                        row[rolePosition] = role
                    }
                    try visit(Recipient(header: header, values: row, line: rowLine))
                }
            }
            if header == nil {
                throw InputError.badHeader(
                    location: SourceLocation(file: file, line: 1), reason: "row is missing: the file is empty")
            }
            try problems.throwIfAny()
        }
    }

    /// The column names of every file (from each header row), for checking `--where`.
    public func columnNames() -> Set<String> {
        var names = Set<String>()
        for file in files {
            guard (try? InputFile.checkKind(path: file)) != nil, let handle = FileHandle(forReadingAtPath: file) else {
                continue
            }
            let head = handle.readData(ofLength: 64 * 1024)
            try? handle.close()
            var text = String(decoding: head, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            if let reader = try? CSVReader(string: line + "\n", hasHeaderRow: true) {
                names.formUnion(reader.headerRow ?? [])
            }
        }
        return names
    }

    /// Reads every row into memory: for the small shipped lists, not for campaigns of 100,000.
    /// - Throws: as `forEachRow`.
    public func readAll() throws -> [Recipient] {
        var rows: [Recipient] = []
        try forEachRow { rows.append($0) }
        return rows
    }

    private static func checkHeader(_ columns: [String], file: String) throws -> RecipientHeader {
        let location = SourceLocation(file: file, line: 1)
        var seen = Set<String>()
        for (position, column) in columns.enumerated() {
            if column.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InputError.badHeader(location: location, reason: "column \(position + 1) has no name")
            }
            if !seen.insert(column).inserted {
                throw InputError.badHeader(location: location, reason: "names column '\(column)' twice")
            }
        }
        let missing = RecipientColumn.required.filter { !seen.contains($0) }
        if !missing.isEmpty {
            throw ForeignHeader.diagnose(columns, missing: missing, file: file)
                ?? InputError.missingColumns(file: file, columns: missing)
        }
        return RecipientHeader(file: file, columns: columns)
    }

    /// Line breaks inside a quoted field: CRLF counts once, as a lone LF or CR does.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previousWasCR = false
        for byte in field.utf8 {
            if byte == 0x0A {
                if !previousWasCR { count += 1 }
                previousWasCR = false
            } else if byte == 0x0D {
                count += 1
                previousWasCR = true
            } else {
                previousWasCR = false
            }
        }
        return count
    }
}
