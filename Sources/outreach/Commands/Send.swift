import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Deliver queued email letters over SMTP, once each.",
            discussion:
                "Sends drafted letters (and deferred ones that are due), oldest first, over one connection, at smtp.rate messages per minute and at most smtp.daily_cap in any 24 hours. A server that closes the connection (421) before a letter gets a new connection and the same letter again. --dry-run shows exactly what would go out, opens no connection and changes nothing. --check connects, starts TLS and logs in, says what the server is, and sends nothing; --test ID sends letter ID to your own address only. Letters for a web form or the post are not emailed.\n\nSettings (outreach profile set KEY VALUE), with their units and defaults:\n\(SMTPSettings.helpLines(SMTPSettings.defaults))\n\nExit status: 0 all sent, 75 some deferred or the server busy (try later), 1 some failed or unknown (or accepted by the server but not recorded), 69 server unreachable, TLS failed or no reply within smtp.timeout, 77 login refused, not offered, or required, 78 not configured or a setting the server shows wrong (the 465/587 mix-up, the EHLO name), 130 stopped by Ctrl-C, 143 stopped by SIGTERM, 129 stopped by SIGHUP (the terminal closed)."
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
        @Flag(name: .long, help: "Also send letters a dead run left uncertain (they may arrive twice).")
        var retryUnknown = false
        @Flag(name: .long, help: "Do not verify the server's certificate (a test server only; prints a warning).")
        var insecureSkipVerify = false
        @Flag(
            name: .long,
            help:
                "Connect, start TLS and log in; print the server's name, TLS version, certificate, AUTH mechanisms, SIZE and the daily cap left. Sends nothing."
        ) var check = false
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Send letter ID to your own address (the profile's email) only, as a test; the letter stays as it is.",
                valueName: "ID"))
        var test: Int64?
        @Flag(name: .long, help: "With --check: print JSON.") var json = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if let rate, !(rate == 0 || SMTPSettings.rateRange.contains(rate)) {
                throw ValidationError(
                    "--rate must be 0 (no pacing) or from \(SMTPSettings.rateRange.lowerBound) to \(Int(SMTPSettings.rateRange.upperBound)) messages per minute"
                )
            }
            if let dailyCap, dailyCap < 0 { throw ValidationError("--daily-cap must be 0 or more") }
            if summary && !dryRun { throw ValidationError("--summary goes with --dry-run") }
            if check && (dryRun || test != nil || !ids.isEmpty || limit != nil) {
                throw ValidationError("--check sends nothing: leave out --dry-run, --test, --limit and letter ids")
            }
            if test != nil && (dryRun || !ids.isEmpty || limit != nil || retryFailed || retryUnknown) {
                throw ValidationError(
                    "--test ID sends that one letter to you: leave out other ids, --dry-run and --limit")
            }
            if json && !check { throw ValidationError("--json goes with --check") }
        }

        func run() throws {
            let profile = try home.loadProfile()
            if dryRun { return try runDry(profile: profile) }
            if check { return try runCheck(profile: profile) }
            if let test { return try runTest(id: test, profile: profile) }
            try deliver(profile: profile)
        }

        private func deliver(profile: Profile) throws {
            let settings = try SMTPSettings(profile: profile)
            guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("Nothing to send: the queue is empty. Draft first: outreach draft --to mayor --note \"...\"")
                return
            }
            let request = sendRequest(rate: settings.rate, dailyCap: settings.dailyCap)
            let lock = try SendLock(database: home.paths.databaseFile)
            let queue = try home.openQueue(journal: .writeAhead)
            defer { withExtendedLifetime(lock) {} }
            // However the run ends, the file goes back to its rollback journal, on the run's own
            // connection, so that readers (a dry run) create no -wal or -shm files beside it.
            defer { queue.leaveWriteAheadLog() }
            let deliverer = Deliverer(queue: queue)
            var summary = SendSummary()
            let recovery = try deliverer.recovery()
            try deliverer.recover(recovery)
            summary.recovered = recovery.uncertain.map(\.id)
            SendReport.noteRecovered(recovery, dryRun: false)
            let plan = try deliverer.plan(request)
            try refuseMissing(plan)
            SendReport.warnRetryUnknown(plan, request: request)
            for skipped in plan.skipped { Terminal.note("note: letter \(skipped.id) is not sent: \(skipped.reason)") }
            // Letters a dead run left uncertain make the run exit 1, whatever it sends.
            if plan.letters.isEmpty {
                SendReport.printNothingToSend(plan, request: request)
                if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
                return
            }
            guard !Terminal.stdinIsTerminal || yes || Terminal.confirm(question(plan, settings)) else {
                print("Nothing sent.")
                if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
                return
            }
            let client = try makeClient(settings)
            let stop = Interruption()
            let report = SendReport(live: Terminal.stderrIsTerminal)
            let result: SendSummary
            do {
                result = try deliverer.run(
                    plan, client: client, rate: request.rate, summary: summary, interrupted: { stop.requested },
                    progress: report.progress)
            } catch let error as DeliveryError {
                Terminal.endProgress()
                throw error
            }
            Terminal.endProgress()
            report.printResult(result, plan: plan, request: request)
            if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
        }

        /// "Send 3 letters to 2 offices through smtp://...?": asked only on a terminal without
        /// `--yes`, so that a campaign's run does not look at each letter's address once more.
        /// Offices are counted by the mailbox each letter goes to (its first envelope address),
        /// not by title: six council members share the title "Council Member, Oakland".
        func question(_ plan: SendPlan, _ settings: SMTPSettings) -> String {
            let offices = Set(plan.letters.map { $0.envelopeTo.split(separator: " ").first?.lowercased() ?? "" }).count
            return
                "Send \(plan.letters.count) letter\(plan.letters.count == 1 ? "" : "s") to \(offices) office\(offices == 1 ? "" : "s") through \(settings.url)\(settings.username.map { " as \($0)" } ?? "")?"
        }

        /// The client for `settings`, its secret found (or asked for on a terminal), with a warning
        /// when verification is off.
        func makeClient(_ settings: SMTPSettings) throws -> SMTPClient {
            if insecureSkipVerify {
                Terminal.note(
                    "warning: --insecure-skip-verify: the server's certificate is NOT checked; anyone on the path could read your mail and password"
                )
            }
            let ask: ((String) -> String?)? = Terminal.stdinIsTerminal ? { Terminal.askSecret($0) } : nil
            let credentials = try Credentials.resolve(settings: settings, prompt: ask)
            return try SMTPClient(settings: settings, credentials: credentials, insecureSkipVerify: insecureSkipVerify)
        }

        /// The request, with this run's flags over the settings' rate and daily cap.
        func sendRequest(rate defaultRate: Double, dailyCap defaultCap: Int) -> SendRequest {
            SendRequest(
                ids: ids, limit: limit, rate: rate ?? defaultRate, dailyCap: dailyCap ?? defaultCap,
                retryFailed: retryFailed, retryUnknown: retryUnknown)
        }

        /// An id given that is not in the queue is an error (66), in a dry run too.
        func refuseMissing(_ plan: SendPlan) throws {
            if let missing = plan.skipped.first(where: { $0.reason == .noSuchLetter }) {
                throw QueueError.noSuchLetter(id: missing.id)
            }
        }
    }
}
