import Foundation
import Mustache
import Yams

/// Finds and parses letter templates in a folder of `NAME.txt` files.
public struct TemplateLoader: Sendable {
    /// The templates folder.
    public let folder: String

    /// - Throws: `InputError.missingFolder` when `folder` does not exist.
    public init(folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError.missingFolder(what: "Templates", path: folder, flag: "--templates")
        }
        self.folder = folder
    }

    /// The template names in the folder, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Loads every template; a broken one is an error.
    /// - Throws: as `load(named:)`.
    public func loadAll() throws -> [LetterTemplate] {
        try names().map { try load(named: $0) }
    }

    /// Loads `NAME.txt`.
    /// - Throws: `InputError.templateNotFound` (listing what there is), `.badFrontMatter` for a
    ///   missing or broken YAML block or a key of the wrong type, `.badTemplate` for bad Mustache.
    public func load(named name: String) throws -> LetterTemplate {
        let path = (folder as NSString).appendingPathComponent("\(name).txt")
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError.templateNotFound(name: name, folder: folder, available: names())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError.cannotRead(path: path, reason: "not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError.notUTF8(
                location: SourceLocation(file: path, line: 1), detail: "the template is not UTF-8 text")
        }
        return try Self.parse(text.replacingOccurrences(of: "\r\n", with: "\n"), name: name, file: path)
    }

    static func parse(_ text: String, name: String, file: String) throws -> LetterTemplate {
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
        let known: Set<String> = ["audience", "subject", "description", "cc", "reply_to", "requires"]
        if let unknown = mapping.keys.sorted().first(where: { !known.contains($0) }) {
            throw frontMatterError(
                lineOf(unknown), "unknown key '\(unknown)'; the keys are \(known.sorted().joined(separator: ", "))")
        }
        let audience = try strings("audience")
        if audience.isEmpty {
            throw frontMatterError(2, "'audience' is missing: name the role or roles the letter is for")
        }
        for role in audience where Role(rawValue: role) == nil {
            throw frontMatterError(
                lineOf("audience"),
                "audience '\(role)' is not a role; known roles: \(Role.names.joined(separator: ", "))")
        }
        guard let subject = try strings("subject").first else {
            throw frontMatterError(2, "'subject' is missing")
        }
        let requires = try strings("requires")
        for input in requires where input != "note" {
            throw frontMatterError(lineOf("requires"), "'requires' names '\(input)'; the only extra input is 'note'")
        }
        let cc = try strings("cc")
        let replyTo = try strings("reply_to")
        for (key, addresses) in [("cc", cc), ("reply_to", replyTo)] {
            for address in addresses {
                do { _ = try AddrSpec(address) } catch let problem as AddrSpec.Problem {
                    throw frontMatterError(lineOf(key), "'\(key)' address \"\(address)\" \(problem)")
                }
            }
        }
        let body = lines[(close + 1)...].joined(separator: "\n")
        let bodyLine = close + 2
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError.badTemplate(
                location: SourceLocation(file: file, line: bodyLine),
                reason: "the letter has no text after the front matter",
                hint: "write the letter below the second '---' line")
        }
        let subjectLine = lineOf("subject")
        let subjectTags = try TagScanner.scan(subject, file: file, firstLine: subjectLine)
        let bodyTags = try TagScanner.scan(body, file: file, firstLine: bodyLine)
        return LetterTemplate(
            name: name, file: file, audience: audience, subject: subject, subjectLine: subjectLine,
            description: try strings("description").first ?? "", cc: cc, replyTo: replyTo, requires: requires,
            body: body, bodyLine: bodyLine, subjectTags: subjectTags, bodyTags: bodyTags,
            subjectTemplate: try compile(subject, file: file, line: subjectLine),
            bodyTemplate: try compile(body, file: file, line: bodyLine))
    }

    /// Compiles in text mode: swift-mustache escapes HTML by default (`O&#39;Brien`).
    private static func compile(_ text: String, file: String, line: Int) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw InputError.badTemplate(
                location: SourceLocation(file: file, line: line), reason: "the Mustache text does not parse: \(error)",
                hint: "check that every {{#section}} has its {{/section}}")
        }
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
