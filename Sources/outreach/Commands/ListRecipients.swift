import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ListRecipients: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List current officials, with the same filters as 'draft'.",
            discussion: "Without a profile, or with --anywhere, every current official that matches is listed.")
        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: RecipientOptions
        @OptionGroup var filters: SelectionOptions
        @Option(name: .long, help: RoleArgument.help(several: false)) var to: RoleArgument?
        @Option(name: .long, help: ArgumentHelp("At most N rows.", valueName: "N")) var limit: Int?
        @Flag(
            help:
                "Print JSON: one object per recipient, every column, and recipient_id (the key 'log --json' uses too).")
        var json = false
        @Flag(
            name: .long,
            help:
                "Only officials to whose office no letter exists yet (drafted, sent or discarded; by id or by mailbox)."
        )
        var notWritten = false
        @Option(
            name: .long,
            help: ArgumentHelp("With --not-written: count only letters from this template.", valueName: "NAME"))
        var template: String?

        func validate() throws {
            if template != nil && !notWritten { throw ValidationError("--template goes with --not-written") }
        }

        func run() throws {
            let store = ProfileStore(file: try home.paths.profileFile)
            let profile = store.exists ? try store.load() : nil
            if profile == nil && !filters.anywhere {
                Terminal.note("note: no profile yet, so listing officials everywhere")
            }
            let reader = try inputs.recipientReader(home.paths)
            let selection = try filters.selection(role: to?.single(option: "--to")).resolved(
                profile: profile, lists: reader.lists)
            try selection.checkConditions(against: reader.columnNames())
            for note in reader.lists.staleNotes(today: Date()) {
                Terminal.note("note: \(note)")
            }
            var written: (ids: Set<String>, mailboxes: Set<String>) = ([], [])
            if try notWritten && FileManager.default.fileExists(atPath: home.paths.databaseFile.path) {
                let queue = try home.openQueue(readOnly: true)
                written = (
                    try queue.recipientIdsWritten(template: template), try queue.mailboxKeysWritten(template: template)
                )
            }
            let listing = try selection.currentRecipients(
                in: reader, today: MessageDate.day(Date()), limit: limit, leavingOut: written)
            let rows = listing.rows
            if json {
                let objects = rows.map { row in
                    Dictionary(
                        row.header.columns.map { ($0, row[$0]) } + [
                            ("source_row", row.location.description), ("recipient_id", row.id),
                        ],
                        uniquingKeysWith: { first, _ in first })
                }
                return try JSONOutput.print(objects)
            }
            let table = rows.map { row in
                [row.id, row.role, row.name, row.office, row.state, row.district, row.likelyChannel.rawValue]
            }
            print(
                TextTable.render(
                    header: ["ID", "ROLE", "NAME", "OFFICE", "STATE", "DISTRICT", "CHANNEL"], rows: table),
                terminator: "")
            let ended = listing.ended
            let writtenCount = listing.written
            print(
                "\(rows.count) \(selection.description)\(rows.count == 1 ? "" : " (matches)")\(ended > 0 ? "; \(ended) whose term has ended left out" : "")\(notWritten ? "; \(writtenCount) already written to\(template.map { " with \($0)" } ?? "") left out" : "")"
            )
            for line in selection.leftOutLines(listing.leftOut) { print(line) }
        }
    }
}
