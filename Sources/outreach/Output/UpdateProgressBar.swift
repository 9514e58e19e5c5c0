import Foundation
import OutreachKit

/// `downloading main.zip [#######-------------]  12.3 of 40.1 MB` on standard error, on a terminal only.
/// Unchecked: the updater reports progress from one thread, one call at a time.
final class UpdateProgressBar: @unchecked Sendable {
    private var last = Date.distantPast

    func show(_ progress: UpdateProgress) {
        guard Terminal.stderrIsTerminal else { return }
        let now = Date()
        // A tenth of a second between redraws is smooth enough and costs nothing.
        guard now.timeIntervalSince(last) >= 0.1 || progress.phase != .downloading else { return }
        last = now
        let name = URL(string: progress.url)?.lastPathComponent ?? progress.url
        let megabytes = String(format: "%.1f", Double(progress.bytes) / 1_000_000)
        guard progress.phase == .downloading else {
            Terminal.progress("\(progress.phase.rawValue) \(name)…")
            return
        }
        guard let total = progress.total, total > 0 else {
            Terminal.progress("downloading \(name)  \(megabytes) MB")
            return
        }
        let width = 24
        let filled = min(width, Int(Double(width) * Double(progress.bytes) / Double(total)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.progress(
            "downloading \(name) [\(bar)] \(megabytes) of \(String(format: "%.1f", Double(total) / 1_000_000)) MB")
    }
}
