import ArgumentParser
import Foundation
import OutreachKit

extension Outreach.Send {
    /// `send --check`: connects, starts TLS, logs in, prints what the server is, sends nothing.
    func runCheck(profile: Profile) throws {
        let settings = try SMTPSettings(profile: profile)
        let client = try makeClient(settings)
        let queue =
            try FileManager.default.fileExists(atPath: home.paths.databaseFile.path)
            ? try home.openQueue(readOnly: true) : nil
        let result = try ServerCheck.run(client: client, queue: queue, dailyCap: dailyCap)
        if json { return try JSONOutput.print(result) }
        CheckReport.show(result, settings: settings, capKey: dailyCap == nil ? "smtp.daily_cap" : "--daily-cap")
    }

    /// `send --test ID`: sends letter ID to the profile's own address only.
    func runTest(id: Int64, profile: Profile) throws {
        let settings = try SMTPSettings(profile: profile)
        guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
            throw QueueError.noSuchLetter(id: id)
        }
        let queue = try home.openQueue()
        let cap = dailyCap ?? settings.dailyCap
        switch try TrialSend.run(
            id: id, to: profile.email, queue: queue, makeClient: { try makeClient(settings) }, dailyCap: cap)
        {
        case .heldByCap(let sent, let cap):
            // Said as a run that meets the cap says it; but the test asked for did not go, and
            // nothing keeps it for later, so the exit status says "try later" (75).
            print("Nothing to send now.")
            print(
                "The daily cap is reached: \(sent) sent in the last 24 hours (cap \(cap)); the test of letter \(id) is not sent: try later, or give --daily-cap N for this run."
            )
            throw ExitCode(75)
        case .sent(let result):
            print(
                "Sent letter \(id) to \(result.address) only, as a test: \(result.reply). \(result.nextStep)"
            )
        }
    }
}
