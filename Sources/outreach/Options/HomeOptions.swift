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

    var paths: Paths { Paths(home: home) }

    func loadProfile() throws -> Profile {
        try ProfileStore(file: paths.profileFile).load()
    }

    func openQueue(readOnly: Bool = false, journal: LetterQueue.Journal = .rollback) throws -> LetterQueue {
        try LetterQueue(file: paths.databaseFile, readOnly: readOnly, journal: journal)
    }
}
