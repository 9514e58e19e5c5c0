import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct UpdateRecipients: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Download fresh recipient lists from their public sources.",
            discussion: """
                Sources: \(DataSource.allCases.map { "\($0.rawValue) (\($0.url))" }.joined(separator: "; ")). \
                Each is fetched over HTTPS with certificates verified; an unchanged source costs one request (If-None-Match / If-Modified-Since). \
                The download is unpacked and checked whole before anything is replaced; the new lists then replace the old ones in your data folder at once, \
                and are used instead of the shipped lists wherever they are as new or newer. On any failure the lists in use stay as they were. \
                --from takes a mirror's https:// URL or a downloaded file (recognized by its content).
                """)

        @OptionGroup var home: HomeOptions
        @Option(
            name: .long,
            help: ArgumentHelp("Only this source (repeatable).", valueName: "NAME"))
        var source: [Choice<DataSource>] = []
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Use this https:// URL or local file instead of the source's address (repeatable).",
                valueName: "URL|FILE"))
        var from: [String] = []
        @Flag(name: .long, help: "Download even when the lists in use are current.") var force = false
        @Option(
            name: .long,
            help: ArgumentHelp("Seconds allowed to connect, and for any stall while downloading.", valueName: "SECONDS")
        )
        var timeout: Int = 30
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The largest download accepted (default: each source's own limit, 300 MB for Open States).",
                valueName: "BYTES"))
        var maxSize: Int64?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "A PEM file of CA certificates to trust beside the system's (a mirror with a private CA).",
                valueName: "FILE"))
        var caFile: String?
        @Flag(help: "Print the summary as JSON.") var json = false

        func validate() throws {
            if !(1...3600).contains(timeout) { throw ValidationError("--timeout takes 1 to 3600 seconds") }
            if let maxSize, maxSize < 1 { throw ValidationError("--max-size must be at least 1 byte") }
        }

        func run() throws {
            let sources = try source.map { try $0.value() }
            let request = UpdateRequest(
                sources: sources, from: from, force: force, timeout: timeout, maxBytes: maxSize, caFile: caFile)
            let updater = RecipientsUpdater(
                downloaded: try home.paths.downloadedFolder, shippedRecipients: ShippedData.current.recipientsFolder)
            let bar = UpdateProgressBar()
            let summary: UpdateSummary
            do {
                summary = try updater.run(request) { bar.show($0) }
            } catch {
                Terminal.endProgress()
                throw error
            }
            Terminal.endProgress()
            if json { return try JSONOutput.print(summary) }
            for result in summary.sources {
                if result.status == .unchanged {
                    print(
                        "\(result.source): unchanged (\(result.url) answered 304 Not Modified); data as of \(result.dataDate)"
                    )
                    continue
                }
                let size = result.bytes > 0 ? "\(result.bytes) bytes, " : ""
                print("\(result.source): updated from \(result.url) (\(size)data as of \(result.dataDate))")
                let rows = result.files.reduce(0) { $0 + $1.rows }
                let shown = result.files.prefix(3).map { "\($0.path) \($0.rows)" }.joined(separator: ", ")
                print(
                    "  \(result.files.count) list\(result.files.count == 1 ? "" : "s"), \(rows) rows: \(shown)\(result.files.count > 3 ? ", …" : "")"
                )
                for note in result.notes { print("  note: \(note)") }
            }
            if !summary.folder.isEmpty {
                print("Lists in use: \(summary.folder) (see them with: outreach recipients list --anywhere)")
            }
        }
    }
}
