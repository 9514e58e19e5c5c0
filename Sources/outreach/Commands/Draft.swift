import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract: "Draft letters into the queue: a template merged with officials and your profile.",
            discussion:
                "By default you write to your own officials: the mayor of your profile's city, the members for your state and district; for a role of your own lists, the rows of your city and state. --state, --city, --district and --where change that; --anywhere drops it. Without --template, each recipient gets the template for its role that fits: one for residents (sender: resident) for your own offices, else one for any sender whose 'where' holds for the office (see 'outreach templates list'). A template for residents is never drafted to an office outside your own. Every recipient is checked before anything is written, and the batch is written whole or not at all. An office gets one letter of the templates its role could have: a letter drafted (or discarded) before, to the same recipient or the same mailbox from another list, is not drafted again unless you pass --again. Nothing is sent: review with 'outreach queue' and 'outreach show ID', then 'outreach send'."
        )

        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: InputOptions
        @OptionGroup var filters: SelectionOptions

        @Option(name: .long, help: RoleArgument.help(several: true))
        var to: [RoleArgument]

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The template for every recipient (see 'outreach templates list'); default: for each, the one for ROLE that fits.",
                valueName: "NAME"))
        var template: String?

        @Option(name: .long, help: ArgumentHelp("Your own words, for {{note}}.", valueName: "TEXT"))
        var note: String?

        @Option(
            name: .long, help: ArgumentHelp("Read your own words from FILE (- for standard input).", valueName: "FILE"))
        var noteFile: String?

        @Option(name: .long, help: ArgumentHelp("Draft at most N new letters.", valueName: "N"))
        var limit: Int?

        @Flag(name: .long, help: "Draft again where this template went to an office before (discarded letters too).")
        var again = false

        @Flag(
            name: .long,
            help:
                "Send yourself a copy of each emailed letter: your address in the envelope only, never in a header (profile key copy_me = true does it always)."
        )
        var copyMe = false

        @Flag(name: .long, help: "Print the summary as JSON (an array with several roles).")
        var json = false

        func validate() throws {
            if note != nil && noteFile != nil { throw ValidationError("give --note or --note-file, not both") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let roles = try RoleArgument.roles(to)
            let profile = try home.loadProfile()
            let drafter = Drafter(
                templates: try inputs.templateLoader(home.paths),
                recipients: try inputs.recipientReader(home.paths),
                queue: try home.openQueue(), profile: profile)
            if let template { try TemplateLoader.checkName(template) }
            let selection = try filters.selection(role: nil)
            let note = try readNote()
            let noteSource = noteFile.map { $0 == "-" ? "standard input" : $0 } ?? "--note"
            let requests = roles.map { role in
                var selection = selection
                selection.role = role
                return DraftRequest(
                    templateName: template, selection: selection, limit: limit, again: again, note: note,
                    noteSource: noteSource, copyMe: copyMe || profile.copyMe)
            }
            let summaries = try drafter.run(requests) { rows in Terminal.progress("read \(rows) recipients…") }
            Terminal.endProgress()
            for note in summaries.first?.staleLists ?? [] { Terminal.note("note: \(note)") }
            var warned = Set<String>()
            for line in summaries.flatMap(\.templatesLeftOut) where warned.insert(line).inserted {
                Terminal.note("warning: \(line)", oneLine: true)
            }
            for summary in summaries where summary.noteUnused {
                Terminal.note(
                    "warning: template '\(summary.template)' has no {{note}}, so your note is not in the letters")
            }
            if json {
                if summaries.count == 1, let only = summaries.first { return try JSONOutput.print(only) }
                return try JSONOutput.print(summaries)
            }
            for (index, summary) in summaries.enumerated() {
                if index > 0 { print("") }
                DraftReport(summary: summary, queue: drafter.queue, severalRoles: summaries.count > 1).show()
            }
        }

        /// The note: `--note`, or the text of `--note-file` (a file, a pipe, or `-` for standard
        /// input), read to at most `InputLimits.noteBytes`.
        private func readNote() throws -> String? {
            guard let noteFile else { return note }
            if noteFile == "-" {
                let data = try InputFile.read(
                    STDIN_FILENO, name: "standard input", what: "the note", limit: InputLimits.noteBytes)
                return try InputFile.decode(data, name: "standard input", what: "the note")
            }
            return try InputFile.text(
                atPath: noteFile, what: "the note", limit: InputLimits.noteBytes, allowsPipe: true)
        }
    }
}
