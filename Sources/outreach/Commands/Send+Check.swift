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
        let result = try ServerCheck.run(client: client, queue: queue)
        if json { return try JSONOutput.print(result) }
        CheckReport.show(result, settings: settings)
    }

    /// `send --test ID`: sends letter ID to the profile's own address only.
    func runTest(id: Int64, profile: Profile) throws {
        let settings = try SMTPSettings(profile: profile)
        guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
            throw QueueError.noSuchLetter(id: id)
        }
        let queue = try home.openQueue()
        let client = try makeClient(settings)
        let result = try TrialSend.run(id: id, to: profile.email, queue: queue, client: client)
        print(
            "Sent letter \(id) to \(result.address) only, as a test: \(result.reply). The letter is still \(result.letter.status.rawValue); the office gets it with: outreach send \(id)"
        )
    }
}
