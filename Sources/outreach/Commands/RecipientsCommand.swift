import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct RecipientsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recipients", abstract: "List officials in the recipient files, and import fresh lists.",
            subcommands: [ListRecipients.self, Roles.self, Lookup.self, Import.self],
            defaultSubcommand: ListRecipients.self)
    }

    struct ListRecipients: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List current officials, with the same filters as 'draft'.",
            discussion: "Without a profile, or with --anywhere, every current official that matches is listed.")
        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: InputOptions
        @OptionGroup var filters: SelectionOptions
        @Option(name: .long, help: ArgumentHelp("Only this role.", valueName: "ROLE")) var to: String?
        @Option(name: .long, help: ArgumentHelp("At most N rows.", valueName: "N")) var limit: Int?
        @Flag(
            help:
                "Print JSON: one object per recipient, every column, and recipient_id (the key 'log --json' uses too).")
        var json = false
        @Flag(name: .long, help: "Only officials to whom no letter exists yet (drafted, sent or discarded).")
        var notWritten = false
        @Option(
            name: .long,
            help: ArgumentHelp("With --not-written: count only letters from this template.", valueName: "NAME"))
        var template: String?

        func validate() throws {
            if template != nil && !notWritten { throw ValidationError("--template goes with --not-written") }
        }

        func run() throws {
            let store = ProfileStore(file: home.paths.profileFile)
            let profile = store.exists ? try store.load() : nil
            if profile == nil && !filters.anywhere {
                Terminal.note("note: no profile yet, so listing officials everywhere")
            }
            let selection = try filters.selection(role: to).resolved(profile: profile, knownRoles: Set(Role.names))
            let reader = try RecipientReader(path: inputs.recipients)
            try selection.checkConditions(against: reader.columnNames())
            for note in DataDates(folder: ZipDistricts.folder(of: inputs.recipients)).staleNotes(
                files: reader.files, today: Date())
            {
                Terminal.note("note: \(note)")
            }
            let today = MessageDate.day(Date())
            var rows: [Recipient] = []
            var ended = 0
            var written: Set<String> = []
            var writtenCount = 0
            if notWritten && FileManager.default.fileExists(atPath: home.paths.databaseFile.path) {
                written = try home.openQueue(readOnly: true).recipientIdsWritten(template: template)
            }
            try reader.forEachRow { recipient in
                guard selection.matches(recipient) else { return }
                if written.contains(recipient.id) {
                    writtenCount += 1
                    return
                }
                if recipient.termEnded(asOf: today) {
                    ended += 1
                    return
                }
                if let limit, rows.count >= limit { return }
                rows.append(recipient)
            }
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
                [
                    row.id, row.role, row.name, row.office, row.state, row.district,
                    row.email.isEmpty ? (row.contactForm.isEmpty ? "postal" : "web-form") : "email",
                ]
            }
            print(
                TextTable.render(
                    header: ["ID", "ROLE", "NAME", "OFFICE", "STATE", "DISTRICT", "CHANNEL"], rows: table),
                terminator: "")
            print(
                "\(rows.count) \(selection.description)\(rows.count == 1 ? "" : " (matches)")\(ended > 0 ? "; \(ended) whose term has ended left out" : "")\(notWritten ? "; \(writtenCount) already written to\(template.map { " with \($0)" } ?? "") left out" : "")"
            )
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roles 'draft --to' takes.")
        @OptionGroup var inputs: InputOptions

        func run() throws {
            var counts: [String: Int] = [:]
            let today = MessageDate.day(Date())
            if let reader = try? RecipientReader(path: inputs.recipients) {
                try reader.forEachRow { row in if !row.termEnded(asOf: today) { counts[row.role, default: 0] += 1 } }
            }
            for role in Role.allCases {
                print(
                    "\(role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(counts[role.rawValue] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0)) \(role.summary)"
                )
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make recipient files from public data.",
            discussion:
                "openstates DIR: Open States people data (data/ or one state's folder): writes mayors.csv and state-legislators-<st>.csv. congress-legislators FILE: legislators-current.yaml: writes congress.csv (add --contact-forms DIR with Open States' data/us/legislature for the forms that file lacks). zccd FILE: us-zipcodes-congress zccd.csv: writes zip-districts.tsv, the ZIP-to-district table. Records whose term has ended are left out, and counted."
        )
        @Argument(help: "openstates or congress-legislators.") var source: String
        @Argument(help: "The data folder (openstates) or YAML file (congress-legislators).") var path: String
        @Option(name: .long, help: ArgumentHelp("Write the CSV files into DIR.", valueName: "DIR")) var output: String =
            "Recipients"
        @Option(
            name: .long, help: ArgumentHelp("Open States data/us/legislature, for contact forms.", valueName: "DIR"))
        var contactForms: String?
        @Option(
            name: .long,
            help: ArgumentHelp("Leave out terms ended before this day (default: today).", valueName: "YYYY-MM-DD"))
        var asOf: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "When the source data was taken, for the staleness notes (default: --as-of).", valueName: "YYYY-MM-DD"))
        var dataDate: String?
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() throws {
            let day = asOf ?? MessageDate.day(Date())
            guard MessageDate.isCalendarDay(day) else {
                throw InputError.badOption(
                    option: "--as-of", reason: "'\(day)' is not a date", hint: "write it as YYYY-MM-DD")
            }
            let out = URL(fileURLWithPath: output, isDirectory: true)
            let summary: ImportSummary
            switch source {
            case "openstates":
                summary = try OpenStatesImporter(folder: URL(fileURLWithPath: path, isDirectory: true), asOf: day).run(
                    output: out)
            case "zccd":
                let table = try ZipDistricts.build(fromZCCD: URL(fileURLWithPath: path))
                let target = out.appendingPathComponent(ZipDistricts.fileName)
                try PrivateFiles.makeFolder(out)
                do { try Data(table.text.utf8).write(to: target, options: .atomic) } catch {
                    throw InputError.cannotWrite(path: target.path, reason: "the folder is not writable")
                }
                var zipSummary = ImportSummary()
                zipSummary.files = [.init(path: target.path, rows: table.zips)]
                zipSummary.notes = ["\(table.split) ZIP codes span more than one district"]
                summary = zipSummary
            case "congress-legislators":
                summary = try CongressLegislatorsImporter(
                    file: URL(fileURLWithPath: path),
                    contactForms: contactForms.map { URL(fileURLWithPath: $0, isDirectory: true) },
                    asOf: day
                ).run(output: out)
            default:
                throw InputError.badOption(
                    option: "SOURCE", reason: "'\(source)' is not a source",
                    hint: "use openstates, congress-legislators or zccd")
            }
            let taken = dataDate ?? day
            guard MessageDate.isCalendarDay(taken) else {
                throw InputError.badOption(
                    option: "--data-date", reason: "'\(taken)' is not a date", hint: "write it as YYYY-MM-DD")
            }
            for file in summary.files {
                try DataDates.record(
                    folder: out, file: (file.path as NSString).lastPathComponent, date: taken,
                    refresh:
                        "outreach recipients import \(source) \(path)\(contactForms.map { " --contact-forms \($0)" } ?? "")"
                )
            }
            if json { return try JSONOutput.print(summary) }
            for file in summary.files { print("Wrote \(file.rows) rows to \(file.path)") }
            for (kind, count) in summary.endedTerms.sorted(by: { $0.key < $1.key }) {
                print("Left out \(count) \(kind) record\(count == 1 ? "" : "s") whose term ended before \(day)")
            }
            for note in summary.notes { print("note: \(note)") }
        }
    }
}
