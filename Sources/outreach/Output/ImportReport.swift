import OutreachKit

/// What `outreach recipients import csv` prints: how it read the sheet and mapped its columns
/// (before writing anything), then what it wrote and how to draft to it.
enum ImportReport {
    static func printMapping(_ plan: SpreadsheetPlan) {
        let read = "\(plan.rowsRead) row\(plan.rowsRead == 1 ? "" : "s")"
        if plan.rowsRefused == 0 {
            print("Read \(plan.file): \(plan.dialect.summary); \(read).")
        } else {
            print(
                "Read \(plan.file): \(plan.dialect.summary); \(read): \(plan.rowCount) fine, \(plan.rowsRefused) refused (nothing is written while a row is refused)."
            )
        }
        print("Columns:")
        let width = min(32, plan.columns.map { DisplayWidth.of($0.header.debugDescription) }.max() ?? 0)
        for column in plan.columns {
            let header = DisplayWidth.padded(
                DisplayWidth.prefix(column.header.debugDescription, fitting: width), to: width)
            let note = column.note.map { " (\($0))" } ?? ""
            switch column.mapping {
            case .matched: print("  \(header)  → \(column.column ?? "")\(note)")
            case .mapped: print("  \(header)  → \(column.column ?? "") (--map)")
            case .kept:
                print(
                    "  \(header)  → \(column.column ?? "") (not a list column: kept as {{recipient.\(column.column ?? "")}}\(column.note.map { "; \($0)" } ?? ""))"
                )
            case .dropped: print("  \(header)  left out\(note)")
            }
        }
        let kept = plan.columns.filter { $0.mapping == .kept }
        if !kept.isEmpty {
            print(
                "Not mapped to a list column (kept under their own names): \(kept.map { "\($0.header.debugDescription) → \($0.column ?? "")" }.joined(separator: ", ")); --map \"Column=field\" maps one."
            )
        }
        if !plan.made.isEmpty { print("Made: \(plan.made.joined(separator: "; ")).") }
        if !plan.empty.isEmpty { print("Left empty: \(plan.empty.joined(separator: ", ")).") }
    }

    /// What a later command may trip on, on standard error.
    static func printWarnings(_ plan: SpreadsheetPlan) {
        for warning in plan.warnings {
            Terminal.note(warning.message, prefix: "warning: ", oneLine: true)
            Terminal.note(warning.hint, prefix: "hint: ", oneLine: true)
        }
    }

    static func printWritten(_ plan: SpreadsheetPlan) {
        print(
            "\(plan.replaces ? "Replaced" : "Wrote") \(plan.output.path): \(plan.rowCount) recipient\(plan.rowCount == 1 ? "" : "s")."
        )
        let roles = plan.roles.keys.sorted()
        print(
            "Draft to them: outreach draft --to \(roles.joined(separator: ",")) --template NAME   (a template of your own: outreach templates new NAME)"
        )
    }
}
