import Foundation
import OutreachKit

/// A plain-text table: columns padded to their widest cell; the last column is cut to fit the
/// terminal's width (only on a terminal).
enum TextTable {
    /// The table's text; cells are shown with control and invisible characters made visible,
    /// before their widths are measured.
    static func render(header: [String], rows: [[String]]) -> String {
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let width = Terminal.width
        var output = ""
        for row in [header] + rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
                }
            }
            if let width, line.count > width { line = String(line.prefix(max(width - 1, 10))) + "…" }
            output += line + "\n"
        }
        return output
    }
}
