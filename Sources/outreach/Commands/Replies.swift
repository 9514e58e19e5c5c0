import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Replies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replies",
            abstract: "Read replies and bounces from your mailbox over IMAP, and record them against your letters.",
            discussion:
                "Reads the new messages of the mailboxes in imap.mailbox (default INBOX) read-only: nothing is marked read, moved or deleted, and nothing is ever sent in answer. A reply that names a letter's Message-ID becomes a 'replied' event (the letter becomes replied); an out-of-office or other automatic reply an 'auto-replied' event; a delivery report a 'bounced' event (the letter becomes bounced) or a 'delayed' one. Each run reads only what came since the last. Review with 'outreach log --status replied', 'outreach log --unanswered --older-than 7d' and 'outreach show ID'. Exit status: 0 done, 66 a mailbox that cannot be read, 69 server unreachable or TLS failed, 75 the server stopped answering (run again), 77 login refused, 78 not configured, or a setting the server shows wrong (imaps:// to a STARTTLS port, imap:// to an IMAPS port)."
        )

        @OptionGroup var home: HomeOptions
        @Option(
            name: .long,
            help: ArgumentHelp(
                "On the first run, only messages received since WHEN: YYYY-MM-DD, or a span such as 30d.",
                valueName: "WHEN"))
        var since: String?
        @Option(
            name: .long,
            help: ArgumentHelp("Read this mailbox instead of imap.mailbox (repeatable).", valueName: "NAME"))
        var mailbox: [String] = []
        @Flag(help: "Print the counts as JSON.") var json = false

        func run() throws {
            let profile = try home.loadProfile()
            var settings = try IMAPSettings(profile: profile)
            if !mailbox.isEmpty { settings.mailboxes = mailbox }
            let sinceDate = try since.map { try LogFilter.moment($0, option: "--since") }
            guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("No letter has been sent yet: there is nothing to match replies to.")
                return
            }
            let queue = try home.openQueueSettled()
            let ask: ((String) -> String?)? =
                Terminal.stdinIsTerminal ? { Terminal.askSecret($0) } : nil
            let credentials = try Credentials.resolve(settings: settings, prompt: ask)
            let reader = try ReplyReader(
                queue: queue, settings: settings, credentials: credentials,
                ownAddresses: ReplyReader.ownAddresses(of: profile))
            let live = Terminal.stderrIsTerminal
            let summaries = try reader.run(
                since: sinceDate,
                progress: { step in
                    if live && step.total > 0 {
                        Terminal.progress("\(step.mailbox): \(step.done) of \(step.total) new messages read")
                    }
                },
                skipped: { line in
                    Terminal.endProgress()
                    Terminal.note("note: \(line)")
                })
            Terminal.endProgress()
            if json { return try JSONOutput.print(summaries) }
            RepliesReport.show(summaries)
        }
    }
}
