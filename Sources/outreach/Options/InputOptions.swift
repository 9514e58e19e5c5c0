import ArgumentParser
import OutreachKit

/// `--templates` and `--recipients`, for `draft`, which reads both.
struct InputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The templates folder (default: your own templates, then the shipped ones).", valueName: "DIR"))
    var templates: String?

    @OptionGroup var lists: RecipientOptions

    /// The folder `--templates` names, else your own templates layered over the shipped ones.
    /// - Throws: `InputError.missingFolder` or `.noShippedData`.
    func templateLoader(_ paths: Paths) throws -> TemplateLoader {
        if let templates { return try TemplateLoader(folder: templates) }
        return try TemplateLoader.inUse(paths: paths)
    }

    /// A reader over the lists `--recipients` names (see `RecipientOptions`).
    /// - Throws: as `RecipientOptions.recipientLists(_:)`.
    func recipientReader(_ paths: Paths) throws -> RecipientReader {
        try lists.recipientReader(paths)
    }
}
