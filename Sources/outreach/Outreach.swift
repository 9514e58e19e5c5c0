import ArgumentParser
import Foundation
import OutreachKit

@main
struct Outreach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach",
        abstract: "Write to your elected officials: draft letters, review them, send them, keep a log.",
        discussion:
            "Three steps: 'outreach draft' merges a template ('outreach templates') with officials ('outreach recipients') and your profile into a queue; review it with 'outreach queue' and 'outreach show ID'; 'outreach send' delivers it over SMTP, once. Start with 'outreach init' to write your sender profile.",
        version: "0.1.0",
        subcommands: [
            Init.self, ProfileCommand.self, Draft.self, RecipientsCommand.self, QueueCommand.self, Show.self,
            Discard.self, Edit.self, Send.self, Replies.self, Log.self, Mark.self, Forms.self, WhoAmI.self, Print.self,
            TemplatesCommand.self,
        ]
    )

    /// Parses, runs, and turns any error into one `error:` line, a `hint:` line and an exit code.
    /// argument-parser's own messages (usage errors, `--help`) are printed here too, so that a
    /// value quoted in them is shown with control and invisible characters made visible.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any OutreachError {
            ErrorReporter.report(error)
            Foundation.exit(error.exitCode)
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success {
                print(message)
            } else if !message.isEmpty {
                Terminal.note(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
