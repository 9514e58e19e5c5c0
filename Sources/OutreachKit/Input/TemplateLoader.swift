import Foundation
import Yams

/// Finds and parses letter templates in folders of `NAME.txt` files.
///
/// By default two folders are layered: the person's own (`Paths.userTemplatesFolder`) and the
/// shipped one (`ShippedData`); a template of one's own with a shipped template's name takes its
/// place. `--templates DIR` names one folder instead.
public struct TemplateLoader: Sendable {
    /// Where a template comes from.
    public enum Origin: String, Sendable, Codable {
        /// The folder named with `--templates`.
        case given
        /// The person's own folder.
        case yours
        /// Shipped with `outreach`.
        case shipped
    }

    /// One folder of templates.
    public struct Folder: Sendable {
        public let path: String
        public let origin: Origin
    }

    /// One template file, as `outreach templates list` shows it.
    public struct Entry: Sendable {
        public let name: String
        public let file: String
        public let origin: Origin
        /// True when it takes the place of a shipped template of the same name.
        public let replacesShipped: Bool
    }

    /// The folders, in the order a name is looked up.
    public let folders: [Folder]

    /// The first folder (where a name is looked up first), for messages.
    public var folder: String { folders.first?.path ?? "" }

    /// Reads templates from `folder` only.
    /// - Throws: `InputError.missingFolder` when `folder` does not exist.
    public init(folder: String) throws {
        guard Self.isFolder(folder) else {
            throw InputError.missingFolder(what: "Templates", path: folder, flag: "--templates")
        }
        folders = [Folder(path: folder, origin: .given)]
    }

    /// Reads the person's own templates, then the shipped ones.
    /// - Parameters:
    ///   - yours: the person's own folder (it need not exist).
    ///   - shipped: the shipped `Templates/`, when found.
    ///   - searched: where the shipped data was looked for, for the error.
    /// - Throws: `InputError.noShippedData` when neither folder exists.
    public init(yours: URL, shipped: URL?, searched: [String] = []) throws {
        var folders: [Folder] = []
        if Self.isFolder(yours.path) { folders.append(Folder(path: DisplayPath.of(yours), origin: .yours)) }
        if let shipped, Self.isFolder(shipped.path) {
            folders.append(Folder(path: DisplayPath.of(shipped), origin: .shipped))
        }
        guard !folders.isEmpty else {
            throw InputError.noShippedData(
                what: "templates", searched: searched, yours: yours.path, flag: "--templates")
        }
        self.folders = folders
    }

    /// The templates in use by default: the person's own, then the shipped ones.
    /// - Throws: as `init(yours:shipped:searched:)`.
    public static func inUse(paths: Paths, shipped: ShippedData = .current) throws -> TemplateLoader {
        try TemplateLoader(
            yours: paths.userTemplatesFolder, shipped: shipped.templatesFolder, searched: shipped.searched)
    }

    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// The template names in every folder, sorted, each once.
    public func names() -> [String] {
        Set(folders.flatMap { Self.names(in: $0.path) }).sorted()
    }

    /// Every template, by name; where two folders have one name, the one that is used.
    public func entries() -> [Entry] {
        names().compactMap { name in
            let holders = folders.filter { Self.names(in: $0.path).contains(name) }
            guard let first = holders.first else { return nil }
            return Entry(
                name: name, file: (first.path as NSString).appendingPathComponent("\(name).txt"), origin: first.origin,
                replacesShipped: first.origin != .shipped && holders.contains { $0.origin == .shipped })
        }
    }

    /// The file of template `name` in the first folder that has it.
    /// - Parameters:
    ///   - name: the template's name, without `.txt`; never a path (see `checkName`).
    ///   - skipping: a file not to return (a copy's own destination).
    /// - Returns: the file's path, or nil when no folder has it or `name` is not a name.
    public func file(named name: String, skipping: String? = nil) -> String? {
        guard Self.isName(name) else { return nil }
        for folder in folders {
            let path = (folder.path as NSString).appendingPathComponent("\(name).txt")
            if path != skipping && FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Checks that `name` names a template rather than a path: not empty, no `/`, not starting
    /// with `.`, no control or invisible character. A template in another folder is reached
    /// with `--templates DIR`, never with `../`.
    /// - Parameters:
    ///   - name: the name as given.
    ///   - option: the flag or argument that gave it, for the error.
    /// - Throws: `InputError.badOption`.
    public static func checkName(_ name: String, option: String = "--template") throws {
        guard !isName(name) else { return }
        throw InputError.badOption(
            option: option, reason: "'\(name)' is not a template name",
            hint:
                "name a template without its .txt (see 'outreach templates list'); for a template in another folder, give --templates DIR"
        )
    }

    private static func isName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/")
            && !name.unicodeScalars.contains { VisibleText.needsEscape($0) }
    }

    private static func names(in folder: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.filter(isName).sorted()
    }

    /// Loads `NAME.txt`.
    /// - Throws: `InputError.badOption` when `name` is not a template name (a path);
    ///   `.templateNotFound` (listing what there is); `.notAFile`, `.fileTooLarge` past
    ///   `InputLimits.templateBytes`, `.lineTooLong`, `.notUTF8`, `.controlCharacter`;
    ///   `.badFrontMatter` for a missing or broken YAML block, a key of the wrong type or a YAML
    ///   anchor or alias; `.badTemplate` for bad Mustache or sections nested too deep;
    ///   `.unfinishedTemplate` while it holds a placeholder of `templates new`'s starter.
    public func load(named name: String) throws -> LetterTemplate {
        try load(named: name) { _ in }
    }

    /// Loads `NAME.txt`, telling `frontMatterRead` the audience once it is read (see `parse`).
    /// - Throws: as `load(named:)`.
    func load(named name: String, frontMatterRead: ([String]) -> Void) throws -> LetterTemplate {
        try Self.checkName(name)
        guard let path = file(named: name) else {
            throw InputError.templateNotFound(
                name: name, folder: folders.map(\.path).joined(separator: " or "), available: names())
        }
        let text = try InputFile.text(atPath: path, what: "the template", limit: InputLimits.templateBytes)
        return try Self.parse(
            text.replacingOccurrences(of: "\r\n", with: "\n"), name: name, file: path, frontMatterRead: frontMatterRead)
    }

    /// Parses a template's text (LF line breaks).
    /// - Parameters:
    ///   - text: the file's text.
    ///   - name: the template's name.
    ///   - file: its path, for errors.
    ///   - frontMatterRead: called with the audience as soon as the YAML has been read and its
    ///     `audience` holds roles, before the other keys and the letter's text are checked: a
    ///     caller learns whom a template is for even when the rest of it is broken.
    /// - Returns: the template.
    /// - Throws: as `load(named:)`.
    static func parse(
        _ text: String, name: String, file: String, frontMatterRead: ([String]) -> Void = { _ in }
    ) throws -> LetterTemplate {
        try ControlCharacter.refuse(in: text, file: file, what: "the template")
        let lines = text.components(separatedBy: "\n")
        func frontMatterError(_ line: Int, _ reason: String) -> InputError {
            .badFrontMatter(
                location: SourceLocation(file: file, line: line), reason: reason,
                hint:
                    "start the file with a line '---', then 'audience:' and 'subject:' lines, then '---' and the letter"
            )
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw frontMatterError(1, "the file does not start with '---'")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            throw frontMatterError(1, "the block opened by '---' is never closed by another '---'")
        }
        let yamlText = lines[1..<close].joined(separator: "\n")
        try FrontMatterCheck.check(yamlText, file: file)
        let parsed: Any?
        do { parsed = try Yams.load(yaml: yamlText) } catch let error as YamlError {
            throw frontMatterError(1 + Self.line(of: error), Self.problem(of: error))
        }
        guard let mapping = parsed as? [String: Any] else {
            throw frontMatterError(2, "the block is not a list of 'key: value' lines")
        }
        func lineOf(_ key: String) -> Int {
            (lines[1..<close].firstIndex { $0.hasPrefix("\(key):") } ?? 0) + 1
        }
        func strings(_ key: String) throws -> [String] {
            switch mapping[key] {
            case nil: return []
            case let value as String: return [value]
            case let list as [Any]:
                return try list.map { item in
                    guard let string = item as? String else {
                        throw frontMatterError(lineOf(key), "'\(key)' must be text or a list of text")
                    }
                    return string
                }
            default: throw frontMatterError(lineOf(key), "'\(key)' must be text or a list of text")
            }
        }
        let written = try strings("audience")
        if written.isEmpty {
            throw frontMatterError(2, "'audience' is missing: name the role or roles the letter is for")
        }
        // Roles are compared as `Role` normalizes them: `Council Member` is `council-member`.
        let audience = try written.map { text in
            guard let role = Role(rawValue: text) else {
                throw frontMatterError(lineOf("audience"), "audience \(Role.problem(with: text))")
            }
            return role.rawValue
        }
        // Whom the template is for is known now: a draft to another role can leave it out
        // whatever else is wrong with it.
        frontMatterRead(audience)
        let known: Set<String> = [
            "audience", "subject", "description", "cc", "reply_to", "requires", "sender", "where", "topic",
        ]
        if let unknown = mapping.keys.sorted().first(where: { !known.contains($0) }) {
            throw frontMatterError(
                lineOf(unknown), "unknown key '\(unknown)'; the keys are \(known.sorted().joined(separator: ", "))")
        }
        guard let subject = try strings("subject").first else {
            throw frontMatterError(2, "'subject' is missing")
        }
        let requires = try strings("requires")
        for input in requires where input != "note" {
            throw frontMatterError(lineOf("requires"), "'requires' names '\(input)'; the only extra input is 'note'")
        }
        let senderLine = lineOf("sender")
        var sender = SenderRule.anyone
        if mapping["sender"] != nil {
            let values = try strings("sender")
            guard values.count == 1, let value = values.first, let rule = SenderRule(rawValue: value) else {
                throw InputError.badFrontMatter(
                    location: SourceLocation(file: file, line: senderLine),
                    reason:
                        "'sender' is \(values.map { "'\($0)'" }.joined(separator: ", ")); it takes one of \(SenderRule.names.joined(separator: ", "))",
                    hint:
                        "write 'sender: resident' when the letter says its sender lives in the office's city, state or district, else 'sender: anyone'"
                )
            }
            sender = rule
        }
        var conditions: [(column: String, value: String)] = []
        for condition in try strings("where") {
            guard let equals = condition.firstIndex(of: "="), equals != condition.startIndex else {
                throw InputError.badFrontMatter(
                    location: SourceLocation(file: file, line: lineOf("where")),
                    reason: "'where' holds \"\(condition)\", not COLUMN=VALUE",
                    hint:
                        "for example: where: [sanctuary_policy=no, sanctuary_policy=] (an empty VALUE: the value is empty)"
                )
            }
            conditions.append(
                (
                    String(condition[..<equals]).trimmingCharacters(in: .whitespaces),
                    String(condition[condition.index(after: equals)...])
                ))
        }
        let topic = try strings("topic").first ?? ""
        let cc = try strings("cc")
        let replyTo = try strings("reply_to")
        for (key, addresses) in [("cc", cc), ("reply_to", replyTo)] {
            // A copy to oneself: `cc: "{{sender.email}}"` (filled in when the letter is merged).
            for address in addresses where !(key == "cc" && EnvelopeCopies.isSenderTag(address)) {
                do { _ = try AddrSpec(address) } catch let problem as AddrSpec.Problem {
                    throw frontMatterError(lineOf(key), "'\(key)' address \"\(address)\" \(problem)")
                }
            }
        }
        let subjectLine = lineOf("subject")
        let description = try strings("description").first ?? ""
        // YAML escapes ("\e") can put a control character into a value.
        for (key, value) in [("subject", subject), ("description", description), ("topic", topic)] {
            if let found = ControlCharacter.first(in: value) {
                throw InputError.controlCharacter(
                    location: SourceLocation(file: file, line: lineOf(key)), what: "'\(key)'", character: found.shown)
            }
        }
        let body = lines[(close + 1)...].joined(separator: "\n")
        let bodyLine = close + 2
        try StarterPlaceholder.refuse(in: lines, name: name, file: file)
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError.badTemplate(
                location: SourceLocation(file: file, line: bodyLine),
                reason: "the letter has no text after the front matter",
                hint: "write the letter below the second '---' line")
        }
        let parsedSubject = try TemplateParser.parse(subject, file: file, firstLine: subjectLine)
        let parsedBody = try TemplateParser.parse(body, file: file, firstLine: bodyLine)
        return LetterTemplate(
            name: name, file: file, audience: audience, sender: sender, senderLine: senderLine,
            conditions: conditions, topic: topic, subject: subject, subjectLine: subjectLine,
            description: description, cc: cc, replyTo: replyTo, requires: requires,
            body: body, bodyLine: bodyLine, subjectTags: parsedSubject.tags, bodyTags: parsedBody.tags,
            subjectNodes: parsedSubject.nodes, bodyNodes: parsedBody.nodes)
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _): return "key repeated: \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }
}
