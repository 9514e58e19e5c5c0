import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct QueueCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue", abstract: "List the letters in the queue, oldest first.")

        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only letters with this status (repeatable).", valueName: "STATUS"))
        var status: [Choice<LetterStatus>] = []
        @Flag(help: "Print JSON: one object per letter.") var json = false

        func run() throws {
            let statuses = try status.map { try $0.value() }
            let letters = try home.openQueue().letters(statuses: statuses)
            if json { return try JSONOutput.print(letters) }
            if letters.isEmpty {
                print(
                    "The queue is empty\(statuses.isEmpty ? "" : " for that status"). Draft with: outreach draft --to mayor --note \"...\""
                )
                return
            }
            let rows = letters.map {
                [String($0.id), $0.status.rawValue, $0.channel.rawValue, $0.recipientName, $0.office, $0.subject]
            }
            print(
                TextTable.render(header: ["ID", "STATUS", "CHANNEL", "RECIPIENT", "OFFICE", "SUBJECT"], rows: rows),
                terminator: "")
        }
    }
}
