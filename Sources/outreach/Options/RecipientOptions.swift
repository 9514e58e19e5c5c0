import ArgumentParser
import OutreachKit

/// `--recipients` alone, for the commands that read the lists but no template (`whoami`,
/// `recipients list`, `roles`, `lookup`, `profile set`).
struct RecipientOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A recipient CSV file, or a folder of them (default: the shipped lists, as updated, and your own).",
            valueName: "PATH"))
    var recipients: String?

    /// The lists `--recipients` names, else the shipped, downloaded and your own lists.
    /// - Throws: `InputError.missingFolder`, `.cannotRead` or `.noShippedData`.
    func recipientLists(_ paths: Paths) throws -> RecipientLists {
        if let recipients { return try RecipientLists(path: recipients) }
        return try RecipientLists.inUse(paths: paths)
    }

    /// A reader over `recipientLists(_:)`.
    /// - Throws: as `recipientLists(_:)`.
    func recipientReader(_ paths: Paths) throws -> RecipientReader {
        RecipientReader(lists: try recipientLists(paths))
    }
}
