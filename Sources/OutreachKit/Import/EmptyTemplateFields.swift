/// The fields that the templates for a list's roles show and that an import leaves empty: a sheet
/// with only `Name` imports, but a letter that says `Dear Mayor {{recipient.family_name}},` is then
/// refused by `draft` for every row. The import says so at once, as a warning.
enum EmptyTemplateFields {
    /// One warning per role and column: how many of the role's rows leave the column empty, and
    /// which templates show it (name, file and line).
    /// - Parameters:
    ///   - columns: the list's columns.
    ///   - rows: the rows written, in `columns` order.
    ///   - templates: the templates in use (shipped and the person's own).
    /// - Returns: the warnings, by role, then by the column's first use.
    static func warnings(columns: [String], rows: [[String]], templates: [LetterTemplate]) -> [SpreadsheetWarning] {
        guard let rolePosition = columns.firstIndex(of: "role") else { return [] }
        let roles = Set(rows.map { $0[rolePosition] }).sorted()
        var warnings: [SpreadsheetWarning] = []
        for role in roles {
            let roleRows = rows.filter { $0[rolePosition] == role }
            var order: [String] = []
            var users: [String: [String]] = [:]
            var emptyRows: [String: Int] = [:]
            for template in templates.sorted(by: { $0.name < $1.name }) where template.audience.contains(role) {
                for shown in template.shownColumns {
                    let position = columns.firstIndex(of: shown.column)
                    let empty = roleRows.filter { row in position.map { row[$0].isEmpty } ?? true }.count
                    guard empty > 0 else { continue }
                    if users[shown.column] == nil { order.append(shown.column) }
                    users[shown.column, default: []].append("\(template.name) (\(template.file):\(shown.line))")
                    emptyRows[shown.column] = empty
                }
            }
            for column in order {
                let empty = emptyRows[column] ?? 0
                let which: String
                if roleRows.count == 1 {
                    which = "the one"
                } else {
                    which = empty == roleRows.count ? "every one of the \(empty)" : "\(empty) of the \(roleRows.count)"
                }
                warnings.append(
                    SpreadsheetWarning(
                        message:
                            "\(column) is empty in \(which) \(role) row\(roleRows.count == 1 ? "" : "s"), and the templates for \(role) show {{recipient.\(column)}}: \((users[column] ?? []).joined(separator: ", ")); draft will refuse those letters",
                        hint: hint(for: column)))
            }
        }
        return warnings
    }

    private static func hint(for column: String) -> String {
        switch column {
        case "family_name", "given_name":
            let header = column == "family_name" ? "Last Name" : "First Name"
            return
                "map the sheet's column that holds it: --map \"\(header)=\(column)\", or add a \(header) column to the sheet and import it again with --force; outreach does not split a full name, since many names put the family name first (Nguyễn Thị Minh)"
        default:
            return
                "map the sheet's column that holds it: --map \"COLUMN=\(column)\", or fill it in the sheet and import it again with --force"
        }
    }
}
