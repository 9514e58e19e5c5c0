/// `outreach forms`: the letters for web forms, one at a time. For each it shows the office, the
/// form's address and the fields such forms ask for, filled from the profile (and says which
/// ones the profile lacks); puts the letter's text on the clipboard as paragraphs (or prints it
/// between markers when there is no clipboard tool, or it fails or hangs); opens the form in the
/// browser (or prints the address); then asks whether it was submitted and, on yes, records the
/// letter as delivered by hand via `web-form`.
///
/// Output goes through `write` and answers come from `readLine`, so the walk runs the same on a
/// terminal and in a test.
public struct FormWalk {
    /// How a walk ended.
    public struct Summary: Sendable, Equatable {
        /// Letters recorded as delivered by hand.
        public var recorded: [Int64] = []
        /// Letters passed over with "skip".
        public var skipped: [Int64] = []
        /// Letters not reached because the walk was stopped ("quit", or the end of the input).
        public var notReached: [Int64] = []
    }

    /// The question asked after each form.
    public static let question = "Submitted? [y]es / [s]kip / [q]uit "

    public let entries: [WebFormEntry]
    public let queue: LetterQueue
    public let clipboard: Clipboard
    public let opener: URLOpener
    /// Writes text to the person (no line end is added).
    public let write: (String) -> Void
    /// Reads one answer; nil at the end of the input.
    public let readLine: () -> String?

    public init(
        entries: [WebFormEntry], queue: LetterQueue, clipboard: Clipboard, opener: URLOpener,
        write: @escaping (String) -> Void, readLine: @escaping () -> String?
    ) {
        self.entries = entries
        self.queue = queue
        self.clipboard = clipboard
        self.opener = opener
        self.write = write
        self.readLine = readLine
    }

    /// Walks through every entry until the last one or "quit".
    /// - Returns: which letters were recorded, skipped or not reached.
    public func run() -> Summary {
        var summary = Summary()
        for (index, entry) in entries.enumerated() {
            show(entry, number: index + 1)
            switch ask() {
            case .yes:
                do {
                    try queue.markDeliveredByHand(ids: [entry.id], via: .webForm, note: nil)
                    summary.recorded.append(entry.id)
                    write("Letter \(entry.id) recorded as delivered by hand via web-form.\n\n")
                } catch let error as any OutreachError {
                    write("error: letter \(entry.id) was not recorded: \(error.message)\n\n")
                } catch {
                    write("error: letter \(entry.id) was not recorded: \(error)\n\n")
                }
            case .skip:
                summary.skipped.append(entry.id)
                write("Skipped letter \(entry.id).\n\n")
            case .quit:
                summary.notReached = entries[index...].map(\.id)
                return summary
            }
        }
        return summary
    }

    private enum Answer { case yes, skip, quit }

    private func ask() -> Answer {
        while true {
            write(Self.question)
            guard let line = readLine() else {
                write("\n")
                return .quit
            }
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return .yes
            case "s", "skip": return .skip
            case "q", "quit": return .quit
            default: write("Answer y (submitted: record it), s (skip it for now) or q (stop here).\n")
            }
        }
    }

    private func show(_ entry: WebFormEntry, number: Int) {
        let lines =
            [
                "[\(number)/\(entries.count)] Letter \(entry.id): \(VisibleText.escaped(entry.recipient)), \(VisibleText.escaped(entry.office))"
            ]
            + entry.fieldLines()
        write(lines.joined(separator: "\n") + "\n")
        switch clipboard.copy(entry.text) {
        case .copied(let tool):
            write("Message:   on the clipboard (\(tool)): paste it into the form's message box.\n")
        case .failed(let tool, let reason):
            write("Message:   not on the clipboard (\(tool): \(reason)); copy it from between the lines:\n")
            printText(entry)
        case .noTool:
            write("Message:   no clipboard tool here (wl-copy, xclip, xsel, pbcopy); copy it from between the lines:\n")
            printText(entry)
        }
        switch opener.open(entry.url) {
        case .opened(let name): write("Opened the form with \(name).\n")
        case .failed(let name, let reason): write("Open the form yourself (\(name): \(reason)): \(entry.url)\n")
        case .noOpener: write("Open the form yourself: \(entry.url)\n")
        }
    }

    private func printText(_ entry: WebFormEntry) {
        write("----- letter \(entry.id): copy from the next line -----\n")
        write(entry.text + "\n")
        write("----- end of letter \(entry.id) -----\n")
    }
}
