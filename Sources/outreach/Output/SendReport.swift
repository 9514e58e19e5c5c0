import Foundation
import OutreachKit

/// What `outreach send` prints about a run: a line per message (or, on a terminal, one live
/// line), the letters not sent, the counts at the end, and what waits.
final class SendReport {
    /// Asked once: the answer does not change during a run, and asking costs a system call.
    private let live: Bool
    private var drawnAt = -1.0
    /// One line per letter that was not sent, shown at the end on a terminal.
    private var problems: [String] = []

    init(live: Bool) {
        self.live = live
    }

    /// One line per message, or on a terminal the live line, redrawn at most ten times a second.
    func progress(_ progress: SendProgress) {
        if live {
            drawLiveLine(progress)
        } else {
            print(
                "\(progress.index)/\(progress.total) letter \(progress.letter.id) \(progress.letter.recipientName) <\(progress.letter.envelopeTo)>: \(Self.describe(progress.outcome))"
            )
            fflush(nil)  // one line per message as it happens, even into a pipe or a file
        }
        if case .sent = progress.outcome { return }
        problems.append(
            "  letter \(progress.letter.id) \(progress.letter.recipientName): \(progress.letter.status.rawValue), \(progress.letter.lastReply)"
        )
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
            "Sent \(result.sent), deferred \(result.deferred), failed \(result.failed), unknown \(result.unknown)\(result.interrupted ? " (stopped by Ctrl-C; the rest stay queued)" : "")."
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

    /// Letters a dead run left `sending`, now `unknown`.
    static func noteRecovered(_ ids: [Int64]) {
        guard !ids.isEmpty else { return }
        let one = ids.count == 1
        Terminal.note(
            "note: letter\(one ? "" : "s") \(ids.map(String.init).joined(separator: ", ")) \(one ? "was" : "were") being sent when a run ended: marked unknown (\(one ? "it" : "they") may have arrived); resend with --retry-unknown"
        )
    }
}
