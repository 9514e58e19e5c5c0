import Foundation
import OutreachKit

/// A plain-text table: columns padded to their widest cell; the last column is cut to fit the
/// terminal's width (only on a terminal). Widths are terminal columns (`DisplayWidth`): a name
/// written decomposed (NFD) or in a wide script lines up like any other.
enum TextTable {
    /// The table's text; cells are shown with control and invisible characters made visible,
    /// before their widths are measured.
    static func render(header: [String], rows: [[String]]) -> String {
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
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
                    line += DisplayWidth.padded(cell, to: widths[index] + 2)
                }
            }
            if let width, DisplayWidth.of(line) > width {
                line = DisplayWidth.prefix(line, fitting: max(width - 1, 10)) + "…"
            }
            output += line + "\n"
        }
        return output
    }
}
