import OutreachKit

/// What `outreach draft` prints for one role: the letters drafted, then every recipient left
/// out and why, with the flag that includes them.
struct DraftReport {
    let summary: DraftSummary
    let queue: LetterQueue
    /// True when the run drafted for several roles: each report names its role.
    let severalRoles: Bool

    func show() {
        let count = summary.letterIds.count
        let role = severalRoles ? " to \(summary.role)" : ""
        if count > 0 {
            // With a template chosen per recipient, each letter names its own.
            let several = summary.templates.count > 1
            let with =
                several
                ? summary.templates.sorted { $0.key < $1.key }.map { "\($0.value) with \($0.key)" }.joined(
                    separator: ", ")
                : "with template \(summary.template)"
            let batch = "(batch \(summary.batchId ?? 0))"
            print(
                "Drafted \(count) letter\(count == 1 ? "" : "s")\(role) \(several ? "\(batch), \(with)" : "\(with) \(batch)"):"
            )
            let shown = Array(summary.letterIds.prefix(20))
            for id in shown {
                if let letter = try? queue.letter(id: id) {
                    print(
                        "  #\(letter.id)  \(letter.recipientName), \(letter.office)  [\(letter.channel.rawValue)]\(several ? "  \(letter.template)" : "")"
                    )
                }
            }
            if count > shown.count { print("  … and \(count - shown.count) more (outreach queue)") }
            let email = summary.byChannel[Channel.email.rawValue] ?? 0
            let form = summary.byChannel[Channel.webForm.rawValue] ?? 0
            let postal = summary.byChannel[Channel.postal.rawValue] ?? 0
            print("\(email) by email; \(form) need a web form; \(postal) need printing and posting.")
            if let basis = summary.residentBasis {
                print("Letters for residents went only to offices for \(basis).")
            }
        } else {
            print("Nothing new\(role) to draft.")
        }
        printEarlierLetters()
        for dropped in summary.ccDropped.prefix(10) {
            print(
                "Cc \(dropped.address) is the To address of #\(dropped.letterId): left out of its Cc and envelope.")
        }
        if summary.ccDropped.count > 10 {
            print("… and \(summary.ccDropped.count - 10) more letters whose Cc was their To address.")
        }
        for line in summary.leftOutNotes { print(line) }
        if summary.pastLimit > 0 {
            print(
                "Left out \(summary.pastLimit) recipient\(summary.pastLimit == 1 ? "" : "s") past --limit: run the draft again for them."
            )
        }
        for (file, ended) in summary.endedTerms.sorted(by: { $0.key < $1.key }) {
            print("Left out \(ended) recipient\(ended == 1 ? "" : "s") in \(file) whose term has ended.")
        }
        if let first = summary.letterIds.first {
            print("Review: outreach show \(first)   ·   outreach queue   ·   then: outreach send --dry-run")
        }
    }

    /// Offices written to before: under the same id, under another id (another list, another
    /// spelling of the address), and letters discarded on purpose.
    private func printEarlierLetters() {
        let live = summary.alreadyDrafted.filter { !$0.discarded }
        let sameRecipient = live.filter { $0.earlierRecipientId == $0.recipientId }
        let otherRecipient = live.filter { $0.earlierRecipientId != $0.recipientId }
        let discarded = summary.alreadyDrafted.filter(\.discarded)
        if !sameRecipient.isEmpty {
            let list = sameRecipient.prefix(10).map { "#\($0.letterId) \($0.recipientName)" }.joined(separator: ", ")
            let more = sameRecipient.count > 10 ? ", …" : ""
            print("Already drafted (\(sameRecipient.count)): \(list)\(more); use --again to draft anew.")
        }
        for entry in otherRecipient.prefix(10) {
            print(
                "\(entry.recipientName) (\(entry.recipientId)): already drafted to \(entry.mailbox.split(whereSeparator: \.isNewline).joined(separator: ", ")) as #\(entry.letterId) (\(entry.earlierRecipientId)); --again to draft anyway."
            )
        }
        if otherRecipient.count > 10 {
            print("… and \(otherRecipient.count - 10) more offices already drafted to under another id.")
        }
        if !discarded.isEmpty {
            let ids = Set(discarded.map(\.letterId)).sorted()
            let list = ids.prefix(10).map { "#\($0)" }.joined(separator: ", ")
            print(
                "\(discarded.count) discarded before: \(list)\(ids.count > 10 ? ", …" : ""); --again to draft anyway.")
        }
    }
}
