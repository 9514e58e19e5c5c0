import Foundation
import OutreachKit

/// How `outreach log` prints the letters: a table (through the pager on a terminal), JSON or
/// CSV streamed one letter at a time, or the summary's counts.
enum LogPrinter {
    /// JSON lines would be easier to stream, but an array parses everywhere: written one
    /// object at a time, so 100,000 letters never sit in memory together.
    static func printJSON(_ queue: LetterQueue, _ filter: LogFilter) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let out = BufferedOutput()
        out.write("[")
        var first = true
        try queue.log(filter, withRecipients: true) { entry in
            out.write(first ? "\n" : ",\n")
            first = false
            out.write(JSONOutput.text(try encoder.encode(entry)))
        }
        out.write(first ? "]\n" : "\n]\n")
        out.flush()
    }

    static func printCSV(_ queue: LetterQueue, _ filter: LogFilter) throws {
        let stream = OutputStream(toFileAtPath: "/dev/stdout", append: true) ?? OutputStream(toMemory: ())
        stream.open()
        defer { stream.close() }
        try queue.writeLogCSV(filter, to: stream)
    }

    static func printTable(_ queue: LetterQueue, _ filter: LogFilter) throws {
        var rows: [[String]] = []
        var count = 0
        try queue.log(filter) { entry in
            count += 1
            rows.append([
                Self.localTime(entry.at), String(entry.id), entry.recipient, entry.office, entry.channel, entry.status,
                String(entry.attempts), entry.reply,
            ])
        }
        if count == 0 {
            print("No letters match.")
            return
        }
        Pager.show(
            TextTable.render(
                header: ["WHEN", "ID", "RECIPIENT", "OFFICE", "CHANNEL", "STATUS", "TRIES", "LAST REPLY"], rows: rows))
    }

    static func printSummary(_ summary: LogSummary, json: Bool) throws {
        if json { return try JSONOutput.print(summary) }
        print("\(summary.total) letter\(summary.total == 1 ? "" : "s")")
        for (title, counts) in [
            ("by status", summary.byStatus), ("by role", summary.byRole), ("by template", summary.byTemplate),
        ] {
            print("\n\(title):")
            for (key, value) in counts.sorted(by: { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }) {
                print("  \(String(value).padding(toLength: 8, withPad: " ", startingAt: 0))\(key)")
            }
        }
        if let first = summary.firstSent, let last = summary.lastSent {
            print("\nfirst sent \(Self.localTime(first)), last sent \(Self.localTime(last))")
        }
    }

    /// `2026-11-29T08:07:21Z` → `2026-11-29 00:07` in the local time zone.
    static func localTime(_ iso: String) -> String {
        let parser = ISO8601DateFormatter()
        guard let date = parser.date(from: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
