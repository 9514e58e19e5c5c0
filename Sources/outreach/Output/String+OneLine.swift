import OutreachKit

extension String {
    /// The value kept on one line, as `queue`, `log` and `recipients list` show it: a line
    /// break (a spreadsheet cell's Alt+Enter) or any other control character written as an
    /// escape (`Clerk\nof Court`; see `VisibleText`). For a value inside a line of output.
    var oneLine: String { VisibleText.escaped(self) }
}
