import ArgumentParser
import CSV
import Foundation
import OutreachKit

extension Outreach {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What was drafted and sent, to whom, when, and what the server said.",
            discussion:
                "One row per letter, newest activity first. --format json gives one object per letter with the keys listed in the README; csv opens in a spreadsheet. On a terminal the table fits the width and goes through your pager ($PAGER, else less), like git's. --summary counts letters per status, role and template. After 'outreach replies': --status replied, --status bounced, and --unanswered --older-than 7d for the letters still waiting for an answer. See a letter's whole history, replies included, with 'outreach show ID'."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, csv
        }

        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only letters with this status (repeatable).", valueName: "STATUS"))
        var status: [String] = []
        @Option(name: .long, help: ArgumentHelp("Only letters to this role.", valueName: "ROLE")) var to: String?
        @Option(
            name: .long,
            help: ArgumentHelp("Only letters whose recipient name, office or address holds TEXT.", valueName: "TEXT"))
        var recipient: String?
        @Option(name: .long, help: ArgumentHelp("Only letters from this template.", valueName: "NAME")) var template:
            String?
        @Option(
            name: .long,
            help: ArgumentHelp("Only activity since WHEN: YYYY-MM-DD, or 30m, 24h, 7d, 2w ago.", valueName: "WHEN"))
        var since: String?
        @Option(name: .long, help: ArgumentHelp("Only activity before WHEN.", valueName: "WHEN")) var until: String?
        @Option(name: .long, help: ArgumentHelp("At most N letters.", valueName: "N")) var limit: Int?
        @Option(name: .long, help: "table, json or csv.") var format: Format = .table
        @Flag(name: .long, help: "Short for --format json.") var json = false
        @Flag(name: .long, help: "Counts per status, role and template, and the first and last send.") var summary =
            false
        @Flag(name: .long, help: "Only letters sent that no person has answered yet (see 'outreach replies').")
        var unanswered = false
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Only letters sent before SPAN ago (30m, 24h, 7d, 2w) or before a day YYYY-MM-DD.", valueName: "SPAN"))
        var olderThan: String?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if json && format != .table && format != .json {
                throw ValidationError("--json is --format json; give one of them")
            }
        }

        func run() throws {
            guard FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print(
                    "The log is empty: nothing has been drafted yet. Start with: outreach draft --to mayor --note \"...\""
                )
                return
            }
            var filter = LogFilter()
            filter.statuses = try status.map { raw in
                guard let value = LetterStatus(rawValue: raw) else {
                    throw InputError.badOption(
                        option: "--status", reason: "'\(raw)' is not a status",
                        hint: "use one of \(LetterStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            if let to, !Role.names.contains(to) { throw InputError.unknownRole(role: to, known: Role.names) }
            filter.role = to
            filter.recipient = recipient
            filter.template = template
            filter.since = try since.map { try LogFilter.moment($0, option: "--since") }
            filter.until = try until.map { try LogFilter.moment($0, option: "--until", endOfDay: true) }
            filter.limit = limit
            filter.unanswered = unanswered
            filter.sentBefore = try olderThan.map { try LogFilter.moment($0, option: "--older-than") }
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
            // RFC 4180 §2: records end in CRLF.
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: LogEntry.columns)
            try queue.log(filter) { entry in try writer.write(row: entry.fields) }
            writer.stream.close()
        }

        private func printTable(_ queue: LetterQueue, _ filter: LogFilter) throws {
            var rows: [[String]] = []
            var count = 0
            try queue.log(filter) { entry in
                count += 1
                rows.append([
                    Self.localTime(entry.at), String(entry.id), entry.recipient, entry.office, entry.channel,
                    entry.status, String(entry.attempts), entry.reply,
                ])
            }
            if count == 0 {
                print("No letters match.")
                return
            }
            Pager.show(
                TextTable.render(
                    header: ["WHEN", "ID", "RECIPIENT", "OFFICE", "CHANNEL", "STATUS", "TRIES", "LAST REPLY"],
                    rows: rows))
        }

        private func printSummary(_ summary: LogSummary, format: Format) throws {
            if format == .json { return try JSONOutput.print(summary) }
            print("\(summary.total) letter\(summary.total == 1 ? "" : "s")")
            for (title, counts) in [
                ("by status", summary.byStatus), ("by role", summary.byRole), ("by template", summary.byTemplate),
            ] {
                print("\n\(title):")
                for (key, value) in counts.sorted(by: { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value })
                {
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

    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a letter delivered another way (a web form, the post, a call).",
            discussion:
                "After you submit a letter through the office's web form (see 'outreach show ID'), post it, or read it on the phone, record it so the log covers every channel."
        )

        enum Via: String, ExpressibleByArgument, CaseIterable {
            case webForm = "web-form"
            case postal, phone
        }

        @OptionGroup var home: HomeOptions
        @Argument(help: "The letters' ids.") var ids: [Int64] = []
        @Flag(name: .long, help: "The letter was delivered by hand.") var deliveredByHand = false
        @Option(name: .long, help: "web-form, postal or phone.") var via: Via
        @Option(name: .long, help: ArgumentHelp("What to remember, such as a confirmation number.", valueName: "TEXT"))
        var note: String?

        func validate() throws {
            if !deliveredByHand { throw ValidationError("say what happened: --delivered-by-hand") }
            if ids.isEmpty { throw ValidationError("name at least one letter id") }
        }

        func run() throws {
            try home.openQueue().markDeliveredByHand(ids: ids, via: via.rawValue, note: note)
            for id in Array(Set(ids)).sorted() {
                print("Letter \(id) recorded as delivered by hand via \(via.rawValue).")
            }
        }
    }
}

/// Standard output, buffered: one write call per 64 KiB rather than per row.
final class BufferedOutput {
    private var buffer = Data()

    func write(_ text: String) { write(Data(text.utf8)) }

    func write(_ data: Data) {
        buffer.append(data)
        if buffer.count >= 65_536 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Shows long output through the person's pager on a terminal (`$PAGER`, else `less -FRX`,
/// as git does); prints it directly otherwise.
enum Pager {
    static func show(_ text: String) {
        let environment = ProcessInfo.processInfo.environment
        let pager = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -FRX"
        guard Terminal.stdoutIsTerminal, pager != "cat" else {
            print(text, terminator: "")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
        } catch {
            print(text, terminator: "")
        }
    }
}
