import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "What was drafted and sent, to whom, when, and what the server said.",
            discussion:
                "One row per letter, newest activity first. --format json gives one object per letter with the keys listed in the README; csv opens in a spreadsheet. On a terminal the table fits the width and goes through your pager ($PAGER, else less), like git's. --summary counts letters per status, role and template. After 'outreach replies': --status replied, --status bounced, and --unanswered --older-than 7d for the letters still waiting for an answer. See a letter's whole history, replies included, with 'outreach show ID'."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, csv
        }

        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only letters with this status (repeatable).", valueName: "STATUS"))
        var status: [Choice<LetterStatus>] = []
        @Option(
            name: .long,
            help: ArgumentHelp("Only letters to this role (mayor, council-member, ...).", valueName: "ROLE"))
        var to: RoleArgument?
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
        @Option(name: .long, help: "How to print the letters.") var format: Format = .table
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
            guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print(
                    "The log is empty: nothing has been drafted yet. Start with: outreach draft --to mayor --note \"...\""
                )
                return
            }
            var filter = LogFilter()
            filter.statuses = try status.map { try $0.value() }
            filter.role = try to?.single(option: "--to")
            filter.recipient = recipient
            filter.template = template
            filter.since = try since.map { try LogFilter.moment($0, option: "--since") }
            filter.until = try until.map { try LogFilter.moment($0, option: "--until", endOfDay: true) }
            filter.limit = limit
            filter.unanswered = unanswered
            filter.sentBefore = try olderThan.map { try LogFilter.moment($0, option: "--older-than") }
            let queue = try home.openQueue(readOnly: true)
            let format = json ? .json : format
            if summary { return try LogPrinter.printSummary(try queue.logSummary(filter), json: format == .json) }
            switch format {
            case .json: try LogPrinter.printJSON(queue, filter)
            case .csv: try LogPrinter.printCSV(queue, filter)
            case .table: try LogPrinter.printTable(queue, filter)
            }
        }
    }
}
