import ArgumentParser
import Foundation
import OutreachKit

/// Where state lives: `--home`, else `OUTREACH_HOME`, else the XDG folders.
struct HomeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep the profile, the queue, your own templates and lists, and downloaded lists in DIR (default: $OUTREACH_HOME, else XDG folders).",
            valueName: "DIR"))
    var home: String?

    /// The locations.
    /// - Throws: as `Paths.init(home:environment:)`: an empty home, a folder others can read.
    var paths: Paths {
        get throws { try Paths(home: home) }
    }

    func loadProfile() throws -> Profile {
        try ProfileStore(file: paths.profileFile).load()
    }

    func openQueue(readOnly: Bool = false, journal: LetterQueue.Journal = .rollback) throws -> LetterQueue {
        try LetterQueue(file: paths.databaseFile, readOnly: readOnly, journal: journal)
    }

    /// The queue, for a command that changes letters: what a send run that died left is recorded
    /// first (`Deliverer.settleDeadRun`), with the notes `send` prints for it.
    func openQueueSettled() throws -> LetterQueue {
        let queue = try openQueue()
        SendReport.noteRecovered(try Deliverer(queue: queue).settleDeadRun(), dryRun: false)
        return queue
    }
}
