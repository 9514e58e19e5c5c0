import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What was drafted and sent, to whom, when, and what the server said.",
            discussion: "One row per letter, newest activity first. --format json gives one object per letter with the keys listed in the README; csv opens in a spreadsheet. On a terminal the table fits the width and goes through your pager ($PAGER, else less), like git's. --summary counts letters per status, role and template. See a letter's whole history with 'outreach show ID'.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, csv
        }

        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only letters with this status (repeatable).", valueName: "STATUS")) var status: [Choice<LetterStatus>] = []
        @Option(name: .long, help: ArgumentHelp("Only letters to this role.", valueName: "ROLE")) var to: Choice<Role>?
        @Option(name: .long, help: ArgumentHelp("Only letters whose recipient name, office or address holds TEXT.", valueName: "TEXT")) var recipient: String?
        @Option(name: .long, help: ArgumentHelp("Only letters from this template.", valueName: "NAME")) var template: String?
        @Option(name: .long, help: ArgumentHelp("Only activity since WHEN: YYYY-MM-DD, or 30m, 24h, 7d, 2w ago.", valueName: "WHEN")) var since: String?
        @Option(name: .long, help: ArgumentHelp("Only activity before WHEN.", valueName: "WHEN")) var until: String?
        @Option(name: .long, help: ArgumentHelp("At most N letters.", valueName: "N")) var limit: Int?
        @Option(name: .long, help: "How to print the letters.") var format: Format = .table
        @Flag(name: .long, help: "Short for --format json.") var json = false
        @Flag(name: .long, help: "Counts per status, role and template, and the first and last send.") var summary = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if json && format != .table && format != .json { throw ValidationError("--json is --format json; give one of them") }
        }

        func run() throws {
            guard FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("The log is empty: nothing has been drafted yet. Start with: outreach draft --to mayor --note \"...\"")
                return
            }
            var filter = LogFilter()
            filter.statuses = try status.map { try $0.value() }
            filter.role = try to?.value()
            filter.recipient = recipient
            filter.template = template
            filter.since = try since.map { try LogFilter.moment($0, option: "--since") }
            filter.until = try until.map { try LogFilter.moment($0, option: "--until", endOfDay: true) }
            filter.limit = limit
            let queue = try home.openQueue(readOnly: true)
            let format = json ? .json : format
            if summary { return try printSummary(try queue.logSummary(filter), format: format) }
            switch format {
            case .json: try printJSON(queue, filter)
            case .csv: try printCSV(queue, filter)
            case .table: try printTable(queue, filter)
            }
        }

        /// JSON lines would be easier to stream, but an array parses everywhere: written one
        /// object at a time, so 100,000 letters never sit in memory together.
        private func printJSON(_ queue: LetterQueue, _ filter: LogFilter) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let out = BufferedOutput()
            out.write("[")
            var first = true
            try queue.log(filter) { entry in
                out.write(first ? "\n" : ",\n")
                first = false
                out.write(try encoder.encode(entry))
            }
            out.write(first ? "]\n" : "\n]\n")
            out.flush()
        }

        private func printCSV(_ queue: LetterQueue, _ filter: LogFilter) throws {
            let stream = OutputStream(toFileAtPath: "/dev/stdout", append: true) ?? OutputStream(toMemory: ())
            stream.open()
            defer { stream.close() }
            try queue.writeLogCSV(filter, to: stream)
        }

        private func printTable(_ queue: LetterQueue, _ filter: LogFilter) throws {
            var rows: [[String]] = []
            var count = 0
            try queue.log(filter) { entry in
                count += 1
                rows.append([Self.localTime(entry.at), String(entry.id), entry.recipient, entry.office, entry.channel, entry.status, String(entry.attempts), entry.reply])
            }
            if count == 0 {
                print("No letters match.")
                return
            }
            Pager.show(TextTable.render(header: ["WHEN", "ID", "RECIPIENT", "OFFICE", "CHANNEL", "STATUS", "TRIES", "LAST REPLY"], rows: rows))
        }

        private func printSummary(_ summary: LogSummary, format: Format) throws {
            if format == .json { return try JSONOutput.print(summary) }
            print("\(summary.total) letter\(summary.total == 1 ? "" : "s")")
            for (title, counts) in [("by status", summary.byStatus), ("by role", summary.byRole), ("by template", summary.byTemplate)] {
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
}
