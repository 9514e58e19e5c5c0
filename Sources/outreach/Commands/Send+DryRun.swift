import Foundation
import OutreachKit

extension Outreach.Send {
    /// Shows what a run would send, message by message (or a line each with --summary),
    /// without opening a connection or changing the queue: what the run would do first about
    /// a run that died included (letters it would mark unknown are not sent).
    func runDry(profile: Profile) throws {
        // Without a server the dry run still shows what would go; broken settings are an
        // error here as in a real run.
        let settings: SMTPSettings?
        do {
            settings = try SMTPSettings(profile: profile)
        } catch DeliveryError.notConfigured {
            settings = nil
        }
        let request = sendRequest(rate: settings?.rate ?? 20, dailyCap: settings?.dailyCap ?? 400)
        guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
            print("Nothing to send: the queue is empty.")
            return
        }
        let queue = try home.openQueue(readOnly: true)
        let deliverer = Deliverer(queue: queue)
        // What a real run would do first about a run that died, shown and taken into the plan.
        let recovery = try deliverer.recovery()
        let plan = try deliverer.plan(request, after: recovery)
        try refuseMissing(plan)
        SendReport.noteRecovered(recovery, dryRun: true)
        SendReport.warnRetryUnknown(plan, request: request)
        let interval = SMTPSettings.interval(rate: request.rate)
        let now = Date()
        print(
            "Dry run: \(plan.letters.count) message\(plan.letters.count == 1 ? "" : "s") would be sent now through \(settings?.url ?? "(no smtp.url set)"); nothing is sent or changed."
        )
        for (index, letter) in plan.letters.enumerated() {
            let at = Double(index) * interval
            // A retry goes only to the recipients not yet accepted.
            let recipients = plan.targets(of: letter).map(\.address)
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
        for skipped in plan.skipped { Terminal.note("note: letter \(skipped.id) would not be sent: \(skipped.reason)") }
        if plan.heldByCap > 0 {
            print(
                "\(plan.heldByCap) more would wait for the daily cap (\(request.dailyCap) in 24 hours; \(plan.sentInLastDay) sent in the last 24 hours)."
            )
        }
        SendReport.printWaiting(plan)
    }
}
