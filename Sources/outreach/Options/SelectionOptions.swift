import ArgumentParser
import Foundation
import OutreachKit

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

    func selection(role: Role?) throws -> RecipientSelection {
        RecipientSelection(
            role: role, state: state?.uppercased(), jurisdiction: jurisdiction, district: district,
            conditions: try conditions.map(RecipientSelection.condition), anywhere: anywhere)
    }
}
