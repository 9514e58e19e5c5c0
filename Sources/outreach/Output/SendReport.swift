import Foundation
import OutreachKit

/// What `outreach send` prints about a run: a line per message (or, on a terminal, one live
/// line), the letters not sent, the counts at the end, and what waits. Used by the sending
/// thread only: its properties skip Swift's run-time exclusivity checks, a dozen calls into the
/// runtime for each line (`@exclusivity(unchecked)`).
final class SendReport {
    /// Asked once: the answer does not change during a run, and asking costs a system call.
    private let live: Bool
    @exclusivity(unchecked) private var drawnAt = -1.0
    /// One line per letter that was not sent, shown at the end on a terminal.
    @exclusivity(unchecked) private var problems: [String] = []

    init(live: Bool) {
        self.live = live
        // Lines are written to the file descriptor: what print has buffered goes first.
        fflush(nil)
    }

    /// One line per message, or on a terminal the live line, redrawn at most ten times a second.
    func progress(_ progress: SendProgress) {
        if live {
            drawLiveLine(progress)
        } else {
            // The lines of outcomes that went to disk together in one write, as they happen,
            // even into a pipe or a file; not print, which costs more than the rest of a report,
            // but made visible as print makes every line (`VisibleText`: a name from a list, a
            // server's reply).
            // "3/100 letter 42 Mayor Ana Díaz <mayor@example.org>: sent: 250 2.0.0 Ok", its
            // parts appended as bytes: a line built by interpolation cost as much as the rest.
            append(String(progress.index))
            lines.append(0x2F)  // "/"
            append(String(progress.total))
            append(" letter ")
            append(String(progress.letter.id))
            lines.append(0x20)
            append(VisibleText.escaped(progress.letter.recipientName))
            append(" <")
            append(VisibleText.escaped(progress.letter.envelopeTo))
            append(">: ")
            append(VisibleText.escaped(Self.describe(progress.outcome)))
            lines.append(0x0A)
            if !progress.more { writeLines() }
        }
        if case .sent = progress.outcome { return }
        problems.append(
            "  letter \(progress.letter.id) \(progress.letter.recipientName): \(progress.letter.status.rawValue), \(progress.letter.lastReply)"
        )
    }

    /// Lines not yet written; the storage is kept.
    @exclusivity(unchecked) private var lines: [UInt8] = []

    private func append(_ text: String) {
        lines.append(contentsOf: text.utf8)
    }

    private func writeLines() {
        lines.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        lines.removeAll(keepingCapacity: true)
    }

    private func drawLiveLine(_ progress: SendProgress) {
        guard progress.elapsed - drawnAt >= 0.1 || progress.index == progress.total else { return }
        drawnAt = progress.elapsed
        let s = progress.summary
        let perMinute = progress.elapsed > 0 ? Double(progress.index) / progress.elapsed * 60 : 0
        let left = perMinute > 0 ? Int(Double(progress.total - progress.index) / perMinute * 60) : 0
        Terminal.progress(
            "sent \(s.sent) · failed \(s.failed + s.unknown) · deferred \(s.deferred) · waiting \(progress.total - progress.index) · \(Int(perMinute))/min · \(left / 60)m\(left % 60)s left"
        )
    }

    private static func describe(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .sent(let reply, let refused):
            return "sent: \(reply)"
                + (refused.isEmpty
                    ? "" : "; refused \(refused.map { "\($0.address) (\($0.reply))" }.joined(separator: ", "))")
        case .deferred(_, let reply, _): return "deferred: \(reply)"
        case .failed(_, let reply, _): return "failed: \(reply)"
        case .uncertain(let reason): return "unknown: \(reason)"
        case .notSent(let error): return "not sent: \(error.message)"
        }
    }

    /// The letters not sent (on a terminal), the counts, why the run stopped, and what waits.
    func printResult(_ result: SendSummary, plan: SendPlan, request: SendRequest) {
        if !problems.isEmpty && Terminal.stderrIsTerminal {
            print("Not sent:")
            for line in problems { print(line) }
        }
        print(
            "Sent \(result.sent), deferred \(result.deferred), failed \(result.failed), unknown \(result.unknown)\(result.stoppedBy.map { " (stopped by \($0.name); the rest stay queued)" } ?? "")."
        )
        if let last = result.closings.last {
            let times = result.closings.count == 1 ? "once" : "\(result.closings.count) times"
            Terminal.note(
                "note: the server closed the connection \(times) before a letter (\(last)); outreach reconnected and went on: \(result.connections) connections in all"
            )
        }
        if let reason = result.stopped {
            Terminal.note("stopped: \(reason)")
            Terminal.note("hint: the letters not yet sent stay queued; run 'outreach send' again once that is fixed")
        }
        if plan.heldByCap > 0 {
            print("\(plan.heldByCap) more wait for the daily cap (\(request.dailyCap) in 24 hours).")
        }
        Self.printWaiting(plan)
    }

    /// Why a run has nothing to send: the daily cap, deferred letters not yet due, other channels.
    static func printNothingToSend(_ plan: SendPlan, request: SendRequest) {
        print("Nothing to send now.")
        if plan.heldByCap > 0 || (request.dailyCap > 0 && plan.sentInLastDay >= request.dailyCap) {
            print(
                "The daily cap is reached: \(plan.sentInLastDay) sent in the last 24 hours (cap \(request.dailyCap)); the rest wait."
            )
        }
        if plan.deferredNotDue > 0 {
            print(
                "\(plan.deferredNotDue) deferred letter\(plan.deferredNotDue == 1 ? " waits" : "s wait") for a later attempt (next at \(plan.nextAttemptAt ?? "later"))."
            )
        }
        printWaiting(plan)
    }

    /// Letters a run leaves to a person: web forms and the post.
    static func printWaiting(_ plan: SendPlan) {
        if plan.waitingForWebForm + plan.waitingForPost > 0 {
            print(
                "Not emailed: \(plan.waitingForWebForm) letter\(plan.waitingForWebForm == 1 ? "" : "s") for a web form and \(plan.waitingForPost) for the post; see them with 'outreach queue --status drafted' and 'outreach show ID'."
            )
        }
    }

    /// What the run did (or, in a dry run, will do) about what a dead run left.
    static func noteRecovered(_ recovery: SendRecovery, dryRun: Bool) {
        func list(_ ids: [Int64]) -> String {
            (ids.count == 1 ? "letter " : "letters ") + ids.map(String.init).joined(separator: ", ")
        }
        let recorded = recovery.recorded
        if !recorded.isEmpty {
            let one = recorded.count == 1
            let statuses = Set(recorded.map(\.status.rawValue)).sorted().joined(separator: " or ")
            Terminal.note(
                "note: \(list(recorded.map(\.id))) \(one ? "was" : "were") handed over by a run that could not record the outcome: \(dryRun ? "would be recorded" : "recorded") as \(statuses) now"
            )
        }
        for cause in [SendRecovery.Cause.endedWhileSending, .systemStopped] {
            let ids = recovery.uncertain.filter { $0.cause == cause }.map(\.id)
            guard !ids.isEmpty else { continue }
            let one = ids.count == 1
            let what =
                cause == .endedWhileSending
                ? "\(one ? "was" : "were") being sent when a run ended"
                : "\(one ? "was" : "were") claimed by a run that the system's stop (a power loss or a crash) ended"
            Terminal.note(
                "note: \(list(ids)) \(what): \(dryRun ? "would be marked" : "marked") unknown (\(one ? "it" : "they") may have arrived); resend with --retry-unknown only if \(one ? "it has" : "they have") not: \(one ? "it" : "they") may arrive twice"
            )
        }
    }

    /// With `--retry-unknown`: which letters may arrive twice.
    static func warnRetryUnknown(_ plan: SendPlan, request: SendRequest) {
        guard request.retryUnknown else { return }
        let ids = plan.letters.filter { $0.status == .unknown }.map(\.id)
        guard !ids.isEmpty else { return }
        Terminal.note(
            "warning: --retry-unknown sends again \(ids.count == 1 ? "letter" : "letters") \(ids.map(String.init).joined(separator: ", ")), which a run may have delivered already: \(ids.count == 1 ? "it" : "they") may arrive twice"
        )
    }
}
