import Foundation

/// Maps a spreadsheet's header row to recipient list columns: `--map` first, then the common
/// spellings (`HeaderMatcher`), and every other column under its own normalized name.
struct ColumnMapping {
    /// One entry per column of the file, in order.
    let columns: [SpreadsheetColumn]

    /// The columns the written list has: the required ones, `zip`, then the kept ones in file order.
    var outputColumns: [String] {
        let kept = columns.filter {
            $0.mapping == .kept || ($0.mapping == .mapped && !Self.standard.contains($0.column ?? ""))
        }
        .compactMap(\.column)
        return RecipientColumn.required + HeaderMatcher.extraColumns + kept
    }

    /// The list column each file position fills (nil: dropped).
    var targets: [String?] { columns.map(\.column) }

    /// The file's header for a list column, for messages (the column's own name when no header fills it).
    func header(of column: String) -> String {
        columns.first { $0.column == column }?.header ?? column
    }

    /// True when a header fills `column`.
    func has(_ column: String) -> Bool { columns.contains { $0.column == column } }

    static let standard = Set(RecipientColumn.required + HeaderMatcher.extraColumns)

    /// - Parameters:
    ///   - header: the header row as the file has it.
    ///   - maps: the `--map` values, each `Column=field[,Column=field...]`.
    ///   - hasValues: whether the column at a 0-based position holds any value (a column without
    ///     a header is kept only then).
    /// - Throws: `SpreadsheetError.badMap` for a `--map` that is not `Column=field`, names no
    ///   column of the file, or a field that is not a column name.
    init(header: [String], maps: [String], hasValues: (Int) -> Bool) throws {
        var given: [String: (entry: String, field: String)] = [:]
        for entry in maps.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let equals = entry.lastIndex(of: "="), equals != entry.startIndex else {
                throw SpreadsheetError.badMap(
                    entry: entry, reason: "is not Column=field",
                    hint: "for example --map \"Ward #=district,Office Phone=phone\"; Column= leaves a column out")
            }
            let column = String(entry[..<equals]).trimmingCharacters(in: .whitespaces)
            let field = String(entry[entry.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            let key = HeaderMatcher.key(column)
            guard header.contains(where: { HeaderMatcher.key($0) == key }) else {
                let near = NearestNames.nearest(to: column, in: header)
                throw SpreadsheetError.badMap(
                    entry: entry, reason: "the file has no column \(column.debugDescription)",
                    hint: near.isEmpty
                        ? "the columns are \(header.map(\.debugDescription).joined(separator: ", "))"
                        : "did you mean \(near.map(\.debugDescription).joined(separator: " or "))?")
            }
            guard field.isEmpty || HeaderMatcher.ownName(field) == field else {
                throw SpreadsheetError.badMap(
                    entry: entry, reason: "\(field.debugDescription) is not a column name",
                    hint:
                        "name a list column (\(RecipientColumn.required.joined(separator: ", ")), zip) or a name of lower-case letters, digits and _"
                )
            }
            if !field.isEmpty, let other = given.values.first(where: { $0.field == field }) {
                throw SpreadsheetError.badMap(
                    entry: entry, reason: "\(field) is also given by --map \(other.entry.debugDescription)",
                    hint: "map one column to each field")
            }
            given[key] = (entry, field)
        }

        var columns: [SpreadsheetColumn] = []
        var taken = Set<String>()
        func unique(_ name: String) -> String {
            var candidate = name
            var number = 2
            while taken.contains(candidate) || Self.standard.contains(candidate) {
                candidate = "\(name)_\(number)"
                number += 1
            }
            return candidate
        }
        // `--map` first: a mapped column takes its field before a matching header can.
        for map in given.values where !map.field.isEmpty { taken.insert(map.field) }
        for (offset, text) in header.enumerated() {
            let position = offset + 1
            if let map = given[HeaderMatcher.key(text)], !text.trimmingCharacters(in: .whitespaces).isEmpty {
                let field = map.field
                columns.append(
                    SpreadsheetColumn(
                        header: text, position: position, column: field.isEmpty ? nil : field,
                        mapping: field.isEmpty ? .dropped : .mapped,
                        note: field.isEmpty ? "--map \"\(map.entry)\"" : nil))
                continue
            }
            if let column = HeaderMatcher.column(for: text), !taken.contains(column) {
                taken.insert(column)
                columns.append(SpreadsheetColumn(header: text, position: position, column: column, mapping: .matched))
                continue
            }
            var own = HeaderMatcher.ownName(text)
            var note: String?
            if own.isEmpty {
                guard hasValues(offset) else {
                    columns.append(
                        SpreadsheetColumn(
                            header: text, position: position, column: nil, mapping: .dropped,
                            note: "no header and no value"))
                    continue
                }
                own = "column_\(position)"
                note = "no header"
            }
            if let column = HeaderMatcher.column(for: text) { note = "also \(column)" }
            let name = unique(own)
            if name != own && note == nil { note = "\(own) is taken" }
            taken.insert(name)
            columns.append(
                SpreadsheetColumn(header: text, position: position, column: name, mapping: .kept, note: note))
        }
        self.columns = columns
    }
}
