import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver queued email letters over SMTP, once each.",
            discussion:
                "Sends drafted letters (and deferred ones that are due), oldest first, over one connection, at smtp.rate messages per minute and at most smtp.daily_cap in any 24 hours. --dry-run shows exactly what would go out, opens no connection and changes nothing. Letters for a web form or the post are not emailed. Exit status: 0 all sent, 75 some deferred (try later), 1 some failed or uncertain, 69 server unreachable or TLS failed, 77 login refused, 78 not configured."
        )

        @OptionGroup var home: HomeOptions
        @Argument(help: "Only these letters (ids from 'outreach queue').") var ids: [Int64] = []
        @Option(name: .long, help: ArgumentHelp("Send at most N letters.", valueName: "N")) var limit: Int?
        @Flag(name: .long, help: "Show what would be sent; connect to nothing, change nothing.") var dryRun = false
        @Flag(name: .long, help: "With --dry-run: one line per message.") var summary = false
        @Flag(name: .long, help: "Do not ask for confirmation on a terminal.") var yes = false
        @Option(name: .long, help: ArgumentHelp("Messages per minute for this run (0: no pacing).", valueName: "N"))
        var rate: Double?
        @Option(name: .long, help: ArgumentHelp("Messages in any 24 hours for this run (0: no cap).", valueName: "N"))
        var dailyCap: Int?
        @Flag(name: .long, help: "Also send letters that failed (5xx) before.") var retryFailed = false
        @Flag(name: .long, help: "Also send letters a dead run left uncertain (they may have arrived).")
        var retryUnknown = false
        @Flag(name: .long, help: "Do not verify the server's certificate (a test server only; prints a warning).")
        var insecureSkipVerify = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if let rate, !(rate == 0 || SMTPSettings.rateRange.contains(rate)) {
                throw ValidationError(
                    "--rate must be 0 (no pacing) or from \(SMTPSettings.rateRange.lowerBound) to \(Int(SMTPSettings.rateRange.upperBound)) messages per minute"
                )
            }
            if let dailyCap, dailyCap < 0 { throw ValidationError("--daily-cap must be 0 or more") }
            if summary && !dryRun { throw ValidationError("--summary goes with --dry-run") }
        }

        func run() throws {
            let profile = try home.loadProfile()
            if dryRun { return try runDry(profile: profile) }
            defer {
                // Leave the file in rollback-journal mode once the run's connection is closed, so
                // that readers (a dry run) create no -wal or -shm files beside it.
                if FileManager.default.fileExists(atPath: home.paths.databaseFile.path) {
                    _ = try? LetterQueue(file: home.paths.databaseFile, journal: .rollback)
                }
            }
            try deliver(profile: profile)
        }

        private func deliver(profile: Profile) throws {
            let settings = try SMTPSettings(profile: profile)
            guard FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("Nothing to send: the queue is empty. Draft first: outreach draft --to mayor --note \"...\"")
                return
            }
            let request = SendRequest(
                ids: ids, limit: limit, rate: rate ?? settings.rate, dailyCap: dailyCap ?? settings.dailyCap,
                retryFailed: retryFailed, retryUnknown: retryUnknown)
            let lock = try SendLock(database: home.paths.databaseFile)
            let queue = try home.openQueue(journal: .writeAhead)
            defer { withExtendedLifetime(lock) {} }
            let deliverer = Deliverer(queue: queue)
            var summary = SendSummary()
            summary.recovered = try deliverer.recover()
            if !summary.recovered.isEmpty {
                let one = summary.recovered.count == 1
                Terminal.note(
                    "note: letter\(one ? "" : "s") \(summary.recovered.map(String.init).joined(separator: ", ")) \(one ? "was" : "were") being sent when a run ended: marked unknown (\(one ? "it" : "they") may have arrived); resend with --retry-unknown"
                )
            }
            let plan = try deliverer.plan(request)
            try refuseMissing(plan)
            for skipped in plan.skipped { Terminal.note("note: letter \(skipped.id) is not sent: \(skipped.reason)") }
            if plan.letters.isEmpty {
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
                return
            }
            let offices = Set(plan.letters.map(\.office)).count
            if Terminal.stdinIsTerminal && !yes {
                FileHandle.standardError.write(
                    Data(
                        "Send \(plan.letters.count) letter\(plan.letters.count == 1 ? "" : "s") to \(offices) office\(offices == 1 ? "" : "s") through \(settings.url)\(settings.username.map { " as \($0)" } ?? "")? [y/N] "
                            .utf8))
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    print("Nothing sent.")
                    return
                }
            }
            if insecureSkipVerify {
                Terminal.note(
                    "warning: --insecure-skip-verify: the server's certificate is NOT checked; anyone on the path could read your mail and password"
                )
            }
            let ask: ((String) -> String?)? = Terminal.stdinIsTerminal ? { Self.askSecret($0) } : nil
            let credentials = try Credentials.resolve(settings: settings, prompt: ask)
            let client = try SMTPClient(
                settings: settings, credentials: credentials, insecureSkipVerify: insecureSkipVerify)
            let stop = Interruption()
            let result: SendSummary
            var problems: [String] = []
            // Asked once: the answer does not change during a run, and asking costs a system call.
            let live = Terminal.stderrIsTerminal
            var drawnAt = -1.0
            do {
                result = try deliverer.run(
                    plan, client: client, rate: request.rate, summary: summary, interrupted: { stop.requested }
                ) { progress in
                    report(progress, live: live, drawnAt: &drawnAt)
                    switch progress.outcome {
                    case .sent: break
                    default:
                        problems.append(
                            "  letter \(progress.letter.id) \(progress.letter.recipientName): \(progress.letter.status.rawValue), \(progress.letter.lastReply)"
                        )
                    }
                }
            } catch let error as DeliveryError {
                Terminal.endProgress()
                throw error
            }
            Terminal.endProgress()
            if !problems.isEmpty && Terminal.stderrIsTerminal {
                print("Not sent:")
                for line in problems { print(line) }
            }
            print(
                "Sent \(result.sent), deferred \(result.deferred), failed \(result.failed), unknown \(result.unknown)\(result.interrupted ? " (stopped by Ctrl-C; the rest stay queued)" : "")."
            )
            if let reason = result.stopped {
                Terminal.note("stopped: \(reason)")
                Terminal.note(
                    "hint: the letters not yet sent stay queued; run 'outreach send' again once that is fixed")
            }
            if plan.heldByCap > 0 {
                print("\(plan.heldByCap) more wait for the daily cap (\(request.dailyCap) in 24 hours).")
            }
            printWaiting(plan)
            if result.failed + result.unknown > 0 { throw ExitCode(1) }
            if result.deferred > 0 { throw ExitCode(ExitStatus.temporaryFailure) }
            if result.interrupted { throw ExitCode(130) }
        }

        private func runDry(profile: Profile) throws {
            // Without a server the dry run still shows what would go; broken settings are an
            // error here as in a real run.
            let settings: SMTPSettings?
            do {
                settings = try SMTPSettings(profile: profile)
            } catch DeliveryError.notConfigured {
                settings = nil
            }
            let request = SendRequest(
                ids: ids, limit: limit, rate: rate ?? settings?.rate ?? 20,
                dailyCap: dailyCap ?? settings?.dailyCap ?? 400,
                retryFailed: retryFailed, retryUnknown: retryUnknown)
            guard FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("Nothing to send: the queue is empty.")
                return
            }
            let queue = try home.openQueue(readOnly: true)
            let plan = try Deliverer(queue: queue).plan(request)
            try refuseMissing(plan)
            let interval = SMTPSettings.interval(rate: request.rate)
            let now = Date()
            print(
                "Dry run: \(plan.letters.count) message\(plan.letters.count == 1 ? "" : "s") would be sent now through \(settings?.url ?? "(no smtp.url set)"); nothing is sent or changed."
            )
            for (index, letter) in plan.letters.enumerated() {
                let at = Double(index) * interval
                let recipients = letter.envelopeTo.split(separator: " ")
                if summary {
                    print(
                        "\(index + 1). +\(Int(at))s  letter \(letter.id)  MAIL FROM:<\(letter.envelopeFrom)> RCPT TO:\(recipients.map { "<\($0)>" }.joined(separator: ","))  \(letter.subject)"
                    )
                    continue
                }
                print("\n=== \(index + 1)/\(plan.letters.count): letter \(letter.id), at +\(Int(at))s ===")
                print("MAIL FROM:<\(letter.envelopeFrom)>")
                for recipient in recipients { print("RCPT TO:<\(recipient)>") }
                print("DATA")
                let message = MessageBuilder.restamp(try queue.message(id: letter.id), date: now.addingTimeInterval(at))
                fflush(nil)  // print() buffers; the raw bytes must come after what it printed
                FileHandle.standardOutput.write(Data(message))
                print(".")
            }
            for skipped in plan.skipped {
                Terminal.note("note: letter \(skipped.id) would not be sent: \(skipped.reason)")
            }
            if plan.heldByCap > 0 {
                print(
                    "\(plan.heldByCap) more would wait for the daily cap (\(request.dailyCap) in 24 hours; \(plan.sentInLastDay) sent in the last 24 hours)."
                )
            }
            printWaiting(plan)
        }

        /// An id given that is not in the queue is an error (66), in a dry run too.
        private func refuseMissing(_ plan: SendPlan) throws {
            if let missing = plan.skipped.first(where: { $0.reason == "there is no such letter" }) {
                throw QueueError.noSuchLetter(id: missing.id)
            }
        }

        private func printWaiting(_ plan: SendPlan) {
            if plan.waitingForWebForm + plan.waitingForPost > 0 {
                print(
                    "Not emailed: \(plan.waitingForWebForm) letter\(plan.waitingForWebForm == 1 ? "" : "s") for a web form and \(plan.waitingForPost) for the post; see them with 'outreach queue --status drafted' and 'outreach show ID'."
                )
            }
        }

        /// One line per message, or on a terminal the live line, redrawn at most ten times a second.
        private func report(_ progress: SendProgress, live: Bool, drawnAt: inout Double) {
            if live {
                guard progress.elapsed - drawnAt >= 0.1 || progress.index == progress.total else { return }
                drawnAt = progress.elapsed
                let s = progress.summary
                let perMinute = progress.elapsed > 0 ? Double(progress.index) / progress.elapsed * 60 : 0
                let left = perMinute > 0 ? Int(Double(progress.total - progress.index) / perMinute * 60) : 0
                Terminal.progress(
                    "sent \(s.sent) · failed \(s.failed + s.unknown) · deferred \(s.deferred) · waiting \(progress.total - progress.index) · \(Int(perMinute))/min · \(left / 60)m\(left % 60)s left"
                )
            } else {
                let letter = progress.letter
                let what: String
                switch progress.outcome {
                case .sent(let reply, let refused):
                    what =
                        "sent: \(reply)"
                        + (refused.isEmpty
                            ? "" : "; refused \(refused.map { "\($0.address) (\($0.reply))" }.joined(separator: ", "))")
                case .deferred(_, let reply, _): what = "deferred: \(reply)"
                case .failed(_, let reply, _): what = "failed: \(reply)"
                case .uncertain(let reason): what = "unknown: \(reason)"
                case .notSent(let error): what = "not sent: \(error.message)"
                }
                print(
                    "\(progress.index)/\(progress.total) letter \(letter.id) \(letter.recipientName) <\(letter.envelopeTo)>: \(what)"
                )
                fflush(nil)  // one line per message as it happens, even into a pipe or a file
            }
        }

        private static func askSecret(_ prompt: String) -> String? {
            guard let pointer = getpass(prompt) else { return nil }
            return String(cString: pointer)
        }
    }
}

/// Ctrl-C (SIGINT) and SIGTERM while sending: the message in flight is finished and recorded,
/// then the run stops.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.set()
                Terminal.note("\nstopping after the message in flight…")
            }
            source.resume()
            sources.append(source)
        }
    }

    private func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
