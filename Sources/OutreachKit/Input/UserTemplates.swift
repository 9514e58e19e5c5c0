import Foundation

/// Makes templates of the person's own in `Paths.userTemplatesFolder`: a copy of another
/// template to edit, or a short starting letter. Shipped templates are never changed.
public enum UserTemplates {
    /// The letter a new template starts from when it copies none: every part a template has,
    /// and nothing a person would send unchanged. It says its sender lives in the city, so it
    /// is for residents (`sender: resident`). Its placeholders start with
    /// `StarterPlaceholder.mark`: until each is replaced, the template is refused by name and
    /// left out when `draft` chooses, so it never reaches an office as it is.
    static let starter = """
        ---
        audience: mayor
        sender: resident
        subject: "A resident of {{sender.city}} writes about [write here: the topic]"
        description: One line saying what the letter is for.
        requires: [note]
        ---
        Dear Mayor {{recipient.family_name}},

        I live in {{sender.city}}, and I am writing about [write here: what you ask of the mayor, and why].

        {{note}}

        Sincerely,

        {{sender.name}}
        {{sender.street}}
        {{sender.city}}, {{sender.state}} {{sender.zip}}
        {{sender.email}}

        """

    /// Checks a template name: 1 to 64 letters, digits, `-` and `_`, starting with a letter or
    /// digit (it becomes a file name).
    /// - Throws: `InputError.badOption` naming the rule.
    public static func checkName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" || $0 == "_"
        }
        guard !name.isEmpty, name.count <= 64, allowed, let first = name.unicodeScalars.first,
            CharacterSet.alphanumerics.contains(first)
        else {
            throw InputError.badOption(
                option: "NAME", reason: "'\(name)' is not a template name",
                hint: "use letters, digits, '-' and '_' (it becomes NAME.txt), for example city-council-housing")
        }
    }

    /// Writes `NAME.txt` into `folder` (made 0700 if missing; the file 0600).
    /// - Parameters:
    ///   - name: the new template's name (see `checkName`).
    ///   - source: a template to copy (the person's own or a shipped one); nil for the starter.
    ///     When it has the new template's name, the shipped one is copied: the new one replaces it.
    ///   - loader: where `source` is looked up.
    ///   - folder: the person's own templates folder.
    ///   - force: replace a template of one's own of that name.
    /// - Returns: the new file.
    /// - Throws: `InputError.badOption` for a bad name, `.templateExists` when one of one's own
    ///   has the name and `force` is false, `.templateNotFound` for an unknown source;
    ///   `FileError.cannotWrite`.
    @discardableResult
    public static func create(
        named name: String, from source: String?, loader: TemplateLoader, folder: URL, force: Bool
    ) throws -> URL {
        try checkName(name)
        let file = folder.appendingPathComponent("\(name).txt")
        if FileManager.default.fileExists(atPath: file.path) && !force {
            throw InputError.templateExists(path: file.path)
        }
        var text = starter
        if let source {
            try checkName(source)
            let destination = DisplayPath.of(file)
            guard let path = loader.file(named: source, skipping: destination) else {
                throw InputError.templateNotFound(
                    name: source, folder: loader.folders.map(\.path).joined(separator: " or "),
                    available: loader.names())
            }
            text = try InputFile.text(atPath: path, what: "the template", limit: InputLimits.templateBytes)
        }
        try PrivateFiles.write(Data(text.utf8), to: file)
        return file
    }
}
