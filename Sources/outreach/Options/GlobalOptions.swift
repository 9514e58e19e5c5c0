import ArgumentParser
import Foundation
import OutreachKit

/// Where state lives: `--home`, else `OUTREACH_HOME`, else the XDG folders.
struct HomeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep the profile and the queue in DIR (default: $OUTREACH_HOME, else XDG folders).", valueName: "DIR"))
    var home: String?

    var paths: Paths { Paths(home: home) }

    func loadProfile() throws -> Profile {
        try ProfileStore(file: paths.profileFile).load()
    }

    func openQueue(readOnly: Bool = false, journal: LetterQueue.Journal = .rollback) throws -> LetterQueue {
        try LetterQueue(file: paths.databaseFile, readOnly: readOnly, journal: journal)
    }
}

/// Where the inputs are: `--templates` and `--recipients`.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates: String = "Templates"

    @Option(name: .long, help: ArgumentHelp("A recipient CSV file, or a folder of them.", valueName: "PATH"))
    var recipients: String = "Recipients"
}

/// The filters `draft` and `recipients list` share.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Only recipients in state ST (replaces your profile's state).", valueName: "ST")
    )
    var state: String?

    @Option(
        name: [.customLong("jurisdiction"), .customLong("city")],
        help: ArgumentHelp("Only this city or legislature.", valueName: "NAME"))
    var jurisdiction: String?

    @Option(name: .long, help: ArgumentHelp("Only this district (12, CA-12; 0 is at-large).", valueName: "D"))
    var district: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Only rows whose COLUMN equals VALUE (repeatable).", valueName: "COLUMN=VALUE"))
    var conditions: [String] = []

    @Flag(name: .long, help: "Drop the default of writing only to your own officials.")
    var anywhere = false

    func selection(role: String?) throws -> RecipientSelection {
        RecipientSelection(
            role: role, state: state?.uppercased(), jurisdiction: jurisdiction, district: district,
            conditions: try conditions.map(RecipientSelection.condition), anywhere: anywhere)
    }
}
