import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Forms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forms",
            abstract:
                "Submit the letters for web forms, one at a time: the fields, the text on the clipboard, the form opened.",
            discussion:
                "For each drafted letter whose channel is web-form (or each ID given): prints the office, the form's address and the fields forms ask for, filled from your profile (saying which it lacks: prefix, zip4, phone); puts the letter's text on the clipboard as paragraphs with the first of wl-copy, xclip, xsel, pbcopy that exists (else prints it between markers); opens the form with xdg-open, open (macOS) or $BROWSER (else prints the address); then asks 'Submitted? [y]es / [s]kip / [q]uit'. Yes records the letter as delivered by hand via web-form. A clipboard tool or opener gets 5 seconds. Needs a terminal; --json prints the same data for a script."
        )

        @OptionGroup var home: HomeOptions
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The templates folder, for each letter's topic (default: your own, then the shipped ones).",
                valueName: "DIR"))
        var templates: String?
        @Argument(help: "Letters to go through (default: every drafted letter for a web form).") var ids: [Int64] = []
        @Flag(
            help: "Print JSON: one object per letter (id, recipient, office, url, fields, missing, text); asks nothing."
        )
        var json = false

        func run() throws {
            let profile = try home.loadProfile()
            let exists = try FileManager.default.fileExists(atPath: home.paths.databaseFile.path)
            let queue = try home.openQueue(readOnly: json && exists)
            let loader =
                try? (templates.map { try TemplateLoader(folder: $0) } ?? TemplateLoader.inUse(paths: home.paths))
            let entries = try WebFormEntry.pending(in: queue, ids: ids, profile: profile, templates: loader)
            if json { return try JSONOutput.print(entries) }
            guard Terminal.stdinIsTerminal else {
                throw InputError.badOption(
                    option: "forms",
                    reason: "it asks after each form whether you submitted it, and standard input is not a terminal",
                    hint: "run it on a terminal, or use --json for the same data in a script")
            }
            guard !entries.isEmpty else {
                print(
                    "No drafted letter waits for a web form. Members of Congress take letters through forms: outreach draft --to representative --note \"...\""
                )
                return
            }
            print(
                "\(entries.count) letter\(entries.count == 1 ? "" : "s") for web forms. After each, answer y once you have submitted it.\n"
            )
            let walk = FormWalk(
                entries: entries, queue: queue, clipboard: Clipboard(),
                opener: URLOpener(browser: ProcessInfo.processInfo.environment["BROWSER"]),
                // What the walk shows (a name, an office, the letter) is made visible like every line printed.
                write: { FileHandle.standardOutput.write(Data(VisibleText.escaped($0, keepingLineBreaks: true).utf8)) },
                readLine: { Swift.readLine() })
            let summary = walk.run()
            var parts = ["Recorded \(summary.recorded.count)", "skipped \(summary.skipped.count)"]
            if !summary.notReached.isEmpty { parts.append("not reached \(summary.notReached.count)") }
            print(parts.joined(separator: ", ") + ".")
            if summary.skipped.count + summary.notReached.count > 0 {
                print("The rest wait for you: outreach forms")
            }
        }
    }
}
