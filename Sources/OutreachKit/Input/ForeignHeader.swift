/// Why a recipient file lacks outreach's columns when it is a spreadsheet export rather than a
/// list of outreach's format: each gets its real cause, never "missing columns" for columns that
/// are there under another spelling.
enum ForeignHeader {
    /// The real cause, when there is one.
    /// - Parameters:
    ///   - columns: the header as read with commas.
    ///   - missing: the required columns not found.
    ///   - file: the file.
    /// - Returns: `InputError.notAList` naming the cause, or nil when the file is simply missing
    ///   columns.
    static func diagnose(_ columns: [String], missing: [String], file: String) -> InputError? {
        let location = SourceLocation(file: file, line: 1)
        if let first = columns.first, first.lowercased().hasPrefix("sep=") {
            return .notAList(
                location: location,
                reason:
                    "the first line, \(first.debugDescription), is Excel's delimiter line: this is a spreadsheet export, not a list of outreach's format",
                file: file)
        }
        if columns.count == 1, let only = columns.first {
            for (character, name) in [(";", "semicolons"), ("\t", "tabs")] where only.contains(character) {
                return .notAList(
                    location: location,
                    reason:
                        "the header is one column, \(only.debugDescription), which holds \(name): the file is separated by \(name), and outreach's lists by commas",
                    file: file)
            }
        }
        let respelled = columns.compactMap { header -> String? in
            guard let column = HeaderMatcher.column(for: header), column != header, missing.contains(column) else {
                return nil
            }
            return "\(header.debugDescription) for \(column)"
        }
        guard !respelled.isEmpty else { return nil }
        let shown = respelled.prefix(3).joined(separator: ", ") + (respelled.count > 3 ? ", …" : "")
        return .notAList(
            location: location,
            reason:
                "the columns are spelled as a spreadsheet spells them (\(shown)): this is not a list of outreach's format",
            file: file)
    }
}
