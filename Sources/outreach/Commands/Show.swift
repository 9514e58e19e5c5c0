import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a letter exactly as it will be sent.",
            discussion:
                "Without --raw: how it is delivered, the decoded header fields and the text. With --raw: the stored message bytes."
        )

        @OptionGroup var home: HomeOptions
        @Argument(help: "The letter's id (see 'outreach queue').") var id: Int64
        @Flag(help: "Print the stored RFC 5322 message bytes, unchanged.") var raw = false
        @Flag(help: "Print JSON: the letter's fields, its history and its decoded text.") var json = false
        @Flag(
            help:
                "For a web form: the form's address, the fields forms ask for filled from your profile, and the text as paragraphs ready to paste."
        ) var form = false
        @Flag(help: "With --form: open the form in the browser (xdg-open, open on macOS, or $BROWSER).") var open =
            false

        func validate() throws {
            if raw && (form || open || json) {
                throw ValidationError("--raw prints the message bytes alone; leave out --form, --open and --json")
            }
            if form && json { throw ValidationError("--form and --json do not go together") }
        }

        func run() throws {
            let queue = try home.openQueue(
                readOnly: FileManager.default.fileExists(atPath: home.paths.databaseFile.path))
            let letter = try queue.letter(id: id)
            let message = try queue.messageAsSent(id: id)
            if raw {
                FileHandle.standardOutput.write(Data(message))
                return
            }
            let reader = MessageReader(message)
            if form || open { return try showForm(letter, reader) }
            let events = try queue.events(letterId: id)
            let replies = try queue.inboundMessages(letterId: id)
            let recipients = try queue.envelope(letterId: id)
            if json {
                return try LetterView.printJSON(
                    letter, reader, recipients: recipients, history: events, replies: replies)
            }
            LetterView.printText(letter, reader, recipients: recipients, history: events, replies: replies)
        }

        /// What a person needs at a contact form, and the form opened with --open.
        private func showForm(_ letter: Letter, _ reader: MessageReader) throws {
            guard !letter.contactForm.isEmpty else {
                throw InputError.badOption(
                    option: "--form",
                    reason: "letter \(letter.id) has no web form (its channel is \(letter.channel.rawValue))",
                    hint: letter.channel == .postal
                        ? "print it: outreach print \(letter.id)" : "send it: outreach send \(letter.id)")
            }
            let topic = (try? TemplateLoader.inUse(paths: home.paths).load(named: letter.template))?.topic ?? ""
            let entry = WebFormEntry(letter: letter, reader: reader, profile: try home.loadProfile(), topic: topic)
            LetterView.printForm(entry)
            if open {
                switch URLOpener(browser: ProcessInfo.processInfo.environment["BROWSER"]).open(letter.contactForm) {
                case .opened: break
                case .failed(let name, let reason):
                    Terminal.note("note: \(name) could not open the form (\(reason)); open it yourself")
                case .noOpener:
                    Terminal.note("note: no xdg-open, open or $BROWSER here; open the form's address yourself")
                }
            }
        }
    }
}
