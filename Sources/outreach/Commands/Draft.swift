import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft letters into the queue: a template merged with officials and your profile.",
            discussion:
                "By default you write to your own officials: the mayor of your profile's city, the members for your state and district. --state, --city, --district and --where change that; --anywhere drops it. Every recipient is checked before anything is written, and the batch is written whole or not at all. A template drafted to a recipient once is not drafted again unless you pass --again. Nothing is sent: review with 'outreach queue' and 'outreach show ID', then 'outreach send'."
        )

        @OptionGroup var home: HomeOptions
        @OptionGroup var inputs: InputOptions
        @OptionGroup var filters: SelectionOptions

        @Option(name: .long, help: ArgumentHelp("Who to write to.", valueName: "ROLE"))
        var to: Choice<Role>

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The template (see 'outreach templates list'); default: the one written for ROLE.", valueName: "NAME"))
        var template: String?

        @Option(name: .long, help: ArgumentHelp("Your own words, for {{note}}.", valueName: "TEXT"))
        var note: String?

        @Option(
            name: .long, help: ArgumentHelp("Read your own words from FILE (- for standard input).", valueName: "FILE"))
        var noteFile: String?

        @Option(name: .long, help: ArgumentHelp("Draft at most N new letters.", valueName: "N"))
        var limit: Int?

        @Flag(name: .long, help: "Draft again where this template was already drafted to a recipient.")
        var again = false

        @Flag(name: .long, help: "Print the summary as JSON.")
        var json = false

        func validate() throws {
            if note != nil && noteFile != nil { throw ValidationError("give --note or --note-file, not both") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let profile = try home.loadProfile()
            let drafter = Drafter(
                templates: try inputs.templateLoader(home.paths),
                recipients: try inputs.recipientReader(home.paths),
                queue: try home.openQueue(), profile: profile)
            if let template { try TemplateLoader.checkName(template) }
            let request = DraftRequest(
                templateName: template, selection: try filters.selection(role: to.name), limit: limit, again: again,
                note: try readNote(), noteSource: noteFile.map { $0 == "-" ? "standard input" : $0 } ?? "--note")
            let summary = try drafter.run(request) { rows in Terminal.progress("read \(rows) recipients…") }
            Terminal.endProgress()
            for note in summary.staleLists { Terminal.note("note: \(note)") }
            if summary.noteUnused {
                Terminal.note(
                    "warning: template '\(summary.template)' has no {{note}}, so your note is not in the letters")
            }
            if json { return try JSONOutput.print(summary) }
            printSummary(summary, queue: drafter.queue)
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

        private func printSummary(_ summary: DraftSummary, queue: LetterQueue) {
            let count = summary.letterIds.count
            if count > 0 {
                print(
                    "Drafted \(count) letter\(count == 1 ? "" : "s") with template \(summary.template) (batch \(summary.batchId ?? 0)):"
                )
                let shown = Array(summary.letterIds.prefix(20))
                for id in shown {
                    if let letter = try? queue.letter(id: id) {
                        print(
                            "  #\(letter.id)  \(letter.recipientName), \(letter.office)  [\(letter.channel.rawValue)]")
                    }
                }
                if count > shown.count { print("  … and \(count - shown.count) more (outreach queue)") }
                let email = summary.byChannel[Channel.email.rawValue] ?? 0
                let form = summary.byChannel[Channel.webForm.rawValue] ?? 0
                let postal = summary.byChannel[Channel.postal.rawValue] ?? 0
                print("\(email) by email; \(form) need a web form; \(postal) need printing and posting.")
            } else {
                print("Nothing new to draft.")
            }
            if !summary.alreadyDrafted.isEmpty {
                let list = summary.alreadyDrafted.prefix(10).map { "#\($0.letterId) \($0.recipientName)" }.joined(
                    separator: ", ")
                let more = summary.alreadyDrafted.count > 10 ? ", …" : ""
                print("Already drafted (\(summary.alreadyDrafted.count)): \(list)\(more); use --again to draft anew.")
            }
            for (file, ended) in summary.endedTerms.sorted(by: { $0.key < $1.key }) {
                print("Left out \(ended) recipient\(ended == 1 ? "" : "s") in \(file) whose term has ended.")
            }
            if let first = summary.letterIds.first {
                print("Review: outreach show \(first)   ·   outreach queue   ·   then: outreach send --dry-run")
            }
        }
    }
}
