import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
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
                "For a web form: the subject and text ready to paste, the form's address and the sender fields forms ask for."
        ) var form = false
        @Flag(help: "With --form: open the form in the browser (xdg-open).") var open = false

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
            if form || open { return try printForm(letter, reader) }
            let events = try queue.events(letterId: id)
            let replies = try queue.inboundMessages(letterId: id)
            if json {
                struct Shown: Encodable {
                    var letter: Letter
                    var headers: [String: String]
                    var body: String
                    var history: [LetterEvent]
                    var replies: [InboundRecord]
                }
                var headers: [String: String] = [:]
                for field in reader.fields { headers[field.name] = field.value }
                return try JSONOutput.print(
                    Shown(letter: letter, headers: headers, body: reader.body, history: events, replies: replies))
            }
            print(
                "Letter \(letter.id) · \(letter.status.rawValue) · \(letter.channel.rawValue) · template \(letter.template)"
            )
            print("Office:   \(letter.office) (\(letter.recipientSource))")
            switch letter.channel {
            case .email:
                let recipients = letter.envelopeTo.split(separator: " ").map { "<\($0)>" }.joined(separator: ", ")
                print("Envelope: MAIL FROM:<\(letter.envelopeFrom)> RCPT TO:\(recipients)")
            case .webForm:
                print("Deliver:  paste into the web form \(letter.contactForm)")
            case .postal:
                print(
                    "Deliver:  print and post to \(letter.postalAddress.isEmpty ? "(no address in the data)" : letter.postalAddress)"
                )
            }
            print("")
            for field in reader.fields
            where !["mime-version", "content-type", "content-transfer-encoding"].contains(field.name.lowercased()) {
                print("\(field.name): \(field.value)")
            }
            print("")
            print(reader.body, terminator: reader.body.hasSuffix("\n") ? "" : "\n")
            if events.count > 1 {
                print("")
                print("History:")
                for event in events {
                    print("  \(event.at)  \(event.kind)\(event.detail.isEmpty ? "" : "  \(event.detail)")")
                }
            }
            ReplyListing.print(replies)
        }
        /// What a person needs at a contact form: the text to paste and the fields forms ask for.
        private func printForm(_ letter: Letter, _ reader: MessageReader) throws {
            guard !letter.contactForm.isEmpty else {
                throw InputError.badOption(
                    option: "--form",
                    reason: "letter \(letter.id) has no web form (its channel is \(letter.channel.rawValue))",
                    hint: letter.channel == .postal
                        ? "print it: outreach print \(letter.id)" : "send it: outreach send \(letter.id)")
            }
            let profile = try home.loadProfile()
            print("Form:    \(letter.contactForm)")
            print("To:      \(letter.recipientName), \(letter.office)")
            print("")
            print("Your details, as forms ask for them:")
            print("  Name:    \(profile.name)")
            print("  Address: \(profile.street)")
            print("  City:    \(profile.city)")
            print("  State:   \(profile.state)")
            print("  ZIP:     \(profile.zip)")
            print("  Email:   \(profile.email)")
            if let phone = profile.phone { print("  Phone:   \(phone)") }
            print("")
            print("Subject:")
            print(reader.value("Subject") ?? letter.subject)
            print("")
            print("Message:")
            print(reader.body, terminator: reader.body.hasSuffix("\n") ? "" : "\n")
            print("")
            print("After you submit it: outreach mark \(letter.id) --delivered-by-hand --via web-form")
            if open {
                let opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"].first {
                    FileManager.default.isExecutableFile(atPath: $0)
                }
                guard let opener else {
                    Terminal.note("note: no xdg-open here; open the form's address yourself")
                    return
                }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: opener)
                process.arguments = [letter.contactForm]
                try process.run()
            }
        }

    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Discard letters so they are never sent (they stay in the log).")
        @OptionGroup var home: HomeOptions
        @Argument(help: "The letters' ids.") var ids: [Int64]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one letter id") }
        }

        func run() throws {
            let changed = try home.openQueue().discard(ids: ids)
            let already = Set(ids).subtracting(changed).sorted()
            if !changed.isEmpty {
                print(
                    "Discarded \(changed.count) letter\(changed.count == 1 ? "" : "s"): \(changed.map(String.init).joined(separator: ", "))"
                )
            }
            if !already.isEmpty { print("Already discarded: \(already.map(String.init).joined(separator: ", "))") }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a drafted letter's subject and text in $VISUAL or $EDITOR.",
            discussion:
                "The text is checked again when the editor closes; if it is refused, the queue is unchanged and your edited text is kept in a file named in the error."
        )
        @OptionGroup var home: HomeOptions
        @Argument(help: "The letter's id.") var id: Int64

        func run() throws {
            let queue = try home.openQueue()
            let letter = try queue.letter(id: id)
            guard letter.status == .drafted else {
                throw QueueError.wrongStatus(id: id, status: letter.status, action: "edited")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outreach-edit-\(getpid())")
            let file = folder.appendingPathComponent("letter-\(id).txt")
            try PrivateFiles.write(Data(try queue.editableText(id: id).utf8), to: file)
            let environment = ProcessInfo.processInfo.environment
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The editor setting may hold arguments ("code --wait"), so the shell splits it.
            process.arguments = ["-c", "\(editor) \"$1\"", "sh", file.path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                Terminal.note(
                    "error: the editor '\(editor)' exited with status \(process.terminationStatus); letter \(id) is unchanged"
                )
                Terminal.note("hint: your text is in \(file.path); set VISUAL or EDITOR to the editor you use")
                throw ExitCode(1)
            }
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw InputError.cannotRead(
                    path: file.path, reason: "the edited file is gone; letter \(id) is unchanged")
            }
            guard let edited = String(data: data, encoding: .utf8) else {
                Terminal.note("note: your edited text is kept in \(file.path)")
                throw InputError.notUTF8(
                    location: SourceLocation(file: file.path, line: 1),
                    detail: "the editor saved the letter in another encoding")
            }
            do {
                let changed = try queue.applyEdit(id: id, text: edited)
                try? FileManager.default.removeItem(at: folder)
                print(changed ? "Letter \(id) updated; see it with: outreach show \(id)" : "No change to letter \(id).")
            } catch let error as MessageError {
                Terminal.note("note: your edited text is kept in \(file.path)")
                throw error
            }
        }
    }
}
