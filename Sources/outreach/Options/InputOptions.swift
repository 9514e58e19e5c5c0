import ArgumentParser
import OutreachKit

/// Where the inputs are: `--templates` and `--recipients`, else your own and the shipped ones.
struct InputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The templates folder (default: your own templates, then the shipped ones).", valueName: "DIR"))
    var templates: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A recipient CSV file, or a folder of them (default: the shipped lists, as updated, and your own).",
            valueName: "PATH"))
    var recipients: String?

    /// The folder `--templates` names, else your own templates layered over the shipped ones.
    /// - Throws: `InputError.missingFolder` or `.noShippedData`.
    func templateLoader(_ paths: Paths) throws -> TemplateLoader {
        if let templates { return try TemplateLoader(folder: templates) }
        return try TemplateLoader.inUse(paths: paths)
    }

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
