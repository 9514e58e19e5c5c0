import OutreachKit

/// What `outreach replies` prints after a run: a line per mailbox with what its new messages
/// were, and where to look at them.
enum RepliesReport {
    /// A line per mailbox, and a pointer to the log when anything was recorded.
    static func show(_ summaries: [MailboxSummary]) {
        for summary in summaries { print(describe(summary)) }
        let recorded = summaries.reduce(0) { $0 + $1.replied + $1.autoReplied + $1.bounced + $1.delayed }
        if recorded > 0 {
            print("See them with: outreach log --status replied, outreach log --status bounced, outreach show ID")
        }
    }

    /// "INBOX: 12 new messages: 2 replies, 1 bounce, 9 unrelated."
    static func describe(_ summary: MailboxSummary) -> String {
        var line = "\(summary.mailbox): "
        if summary.rescanned {
            line += "the server renumbered it (UIDVALIDITY changed), so all of it was read again; "
        }
        guard summary.read > 0 else { return line + "nothing new." }
        var parts: [String] = []
        func add(_ count: Int, _ one: String, _ many: String) {
            if count > 0 { parts.append("\(count) \(count == 1 ? one : many)") }
        }
        add(summary.replied, "reply", "replies")
        add(summary.autoReplied, "automatic reply", "automatic replies")
        add(summary.bounced, "bounce", "bounces")
        add(summary.delayed, "delay report", "delay reports")
        add(summary.deliveredReports, "delivery confirmation", "delivery confirmations")
        add(summary.alreadyRecorded, "already recorded", "already recorded")
        add(summary.unrelated, "unrelated", "unrelated")
        add(summary.skipped, "skipped", "skipped")
        return line + "\(summary.read) new message\(summary.read == 1 ? "" : "s"): " + parts.joined(separator: ", ")
            + "."
    }
}
