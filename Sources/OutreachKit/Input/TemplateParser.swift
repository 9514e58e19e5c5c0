/// Parses a template's Mustache text into pieces (`TemplateNode`) and the list of its tags, so
/// that the names a template uses are checked against the data before anything is merged, and
/// the merge copies every value literally (swift-mustache renders an unknown name as empty text,
/// has no strict mode, and gives no access to its parsed structure).
///
/// Allowed: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#name}}`/`{{^name}}`/`{{/name}}`,
/// comments. Refused, because a letter should read the same in any tool: partials, parents,
/// blocks, delimiter changes, pragmas, `{{.}}`, names relative to a section, sections nested
/// more than `InputLimits.sectionDepth` deep, and a value test (`recipient.COLUMN.VALUE`, see
/// `ValueTest`) used as text to print rather than as a section.
///
/// White space follows the Mustache specification as swift-mustache implements it: a line that
/// holds nothing but one section tag or comment (and blanks) is left out whole ("standalone").
enum TemplateParser {
    /// The pieces in reading order, and every tag that names a value, in reading order.
    struct Parsed {
        var nodes: [TemplateNode]
        var tags: [TemplateTag]
    }

    /// Parses `text`, whose first line is line `firstLine` of `file`.
    /// - Parameters:
    ///   - text: the Mustache text (line breaks LF or CRLF; no other control character).
    ///   - file: the template file, for errors.
    ///   - firstLine: the 1-based line of `file` where `text` starts.
    /// - Returns: the pieces and the tags.
    /// - Throws: `InputError.badTemplate` naming the file:line of the first bad tag.
    static func parse(_ text: String, file: String, firstLine: Int) throws -> Parsed {
        var cursor = Cursor(characters: Array(text), line: firstLine)
        var tags: [TemplateTag] = []
        let nodes = try parseBlock(&cursor, open: nil, newLine: true, file: file, tags: &tags)
        return Parsed(nodes: nodes, tags: tags)
    }

    /// The pieces up to the end of the text (`open` nil) or up to the tag closing `open`.
    private static func parseBlock(
        _ cursor: inout Cursor, open: (tag: TemplateTag, depth: Int)?, newLine startsOnNewLine: Bool, file: String,
        tags: inout [TemplateTag]
    ) throws -> [TemplateNode] {
        func fail(_ reason: String, _ hint: String, at line: Int) -> InputError {
            .badTemplate(location: SourceLocation(file: file, line: line), reason: reason, hint: hint)
        }
        var nodes: [TemplateNode] = []
        var newLine = startsOnNewLine
        // Blanks at the start of a line, kept apart until it is known whether the line is
        // standalone (then they go) or not (then they are text).
        var blanks = ""
        while !cursor.atEnd {
            if newLine { blanks = cursor.readBlanks() }
            let (text, stop) = cursor.readText()
            if stop == .lineBreak, let lineBreak = cursor.current {
                nodes.append(.text(blanks + text + String(lineBreak)))
                newLine = true
                cursor.advance()
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(blanks + text))
                blanks = ""
                newLine = false
            }
            guard stop == .tag else { break }
            let tag = try cursor.readTag(file: file)
            switch tag.sigil {
            case "!":
                newLine = cursor.isStandalone(newLine)
            case "#", "^":
                let depth = (open?.depth ?? 0) + 1
                guard depth <= InputLimits.sectionDepth else {
                    throw fail(
                        "sections are nested more than \(InputLimits.sectionDepth) deep",
                        "a letter needs a few levels at most; close some sections", at: tag.line)
                }
                let section = TemplateTag(
                    kind: tag.sigil == "#" ? .section : .invertedSection, name: tag.name, line: tag.line)
                tags.append(section)
                let standalone = cursor.isStandalone(newLine)
                if !standalone && !blanks.isEmpty {
                    nodes.append(.text(blanks))
                    blanks = ""
                }
                let children = try parseBlock(
                    &cursor, open: (section, depth), newLine: standalone, file: file, tags: &tags)
                nodes.append(.section(section, children))
                newLine = standalone
            case "/":
                guard let open else {
                    throw fail(
                        "{{/\(tag.name)}} closes a section that was never opened",
                        "remove it, or open the section with {{#\(tag.name)}}", at: tag.line)
                }
                guard open.tag.name == tag.name else {
                    throw fail(
                        "{{/\(tag.name)}} closes the section {{#\(open.tag.name)}} opened at line \(open.tag.line)",
                        "close {{#\(open.tag.name)}} first", at: tag.line)
                }
                if !cursor.isStandalone(newLine) && !blanks.isEmpty { nodes.append(.text(blanks)) }
                return nodes
            default:
                if let test = Merger.valueTest(tag.name) {
                    throw fail(
                        "{{\(tag.name)}} tests whether \(test.column) is \(test.value); it is not text to print",
                        "use it as a section: {{#\(tag.name)}}...{{/\(tag.name)}} (or {{^...}} for the opposite)",
                        at: tag.line)
                }
                let value = TemplateTag(kind: .variable, name: tag.name, line: tag.line)
                tags.append(value)
                if !blanks.isEmpty {
                    nodes.append(.text(blanks))
                    blanks = ""
                }
                nodes.append(.value(value))
                newLine = false
            }
        }
        if let open {
            throw fail("section {{#\(open.tag.name)}} is never closed", "add {{/\(open.tag.name)}}", at: open.tag.line)
        }
        return nodes
    }

    /// A position in the text, counting lines.
    private struct Cursor {
        enum Stop { case lineBreak, tag, end }

        /// A tag as read: its sigil (`#`, `^`, `/`, `!`, `&`, or a space for a plain value),
        /// its name, and the line it starts on.
        struct RawTag {
            var sigil: Character
            var name: String
            var line: Int
        }

        let characters: [Character]
        var index = 0
        var line: Int

        init(characters: [Character], line: Int) {
            self.characters = characters
            self.line = line
        }

        var atEnd: Bool { index >= characters.count }
        var current: Character? { atEnd ? nil : characters[index] }

        static func isLineBreak(_ character: Character) -> Bool { character == "\n" || character == "\r\n" }

        mutating func advance() {
            if Self.isLineBreak(characters[index]) { line += 1 }
            index += 1
        }

        /// Spaces and tabs.
        mutating func readBlanks() -> String {
            var blanks = ""
            while let character = current, character == " " || character == "\t" {
                blanks.append(character)
                index += 1
            }
            return blanks
        }

        /// Text up to a line break (not read), a tag's `{{` (read) or the end.
        mutating func readText() -> (String, Stop) {
            var text = ""
            while let character = current {
                if Self.isLineBreak(character) { return (text, .lineBreak) }
                if character == "{" && index + 1 < characters.count && characters[index + 1] == "{" {
                    index += 2
                    return (text, .tag)
                }
                text.append(character)
                index += 1
            }
            return (text, .end)
        }

        /// True when a tag just read stands alone on its line (`newLine`: only blanks came
        /// before it on the line): then the rest of the line, its blanks and line break, is
        /// read and left out. At the end of the text a tag stands alone too.
        mutating func isStandalone(_ newLine: Bool) -> Bool {
            guard newLine else { return false }
            if atEnd { return true }
            var probe = index
            while probe < characters.count && (characters[probe] == " " || characters[probe] == "\t") { probe += 1 }
            guard probe < characters.count, Self.isLineBreak(characters[probe]) else { return false }
            index = probe
            advance()
            return true
        }

        /// The tag after `{{`, up to and with its `}}` (`}}}` after `{{{`).
        mutating func readTag(file: String) throws -> RawTag {
            let tagLine = line
            func fail(_ reason: String, _ hint: String) -> InputError {
                .badTemplate(location: SourceLocation(file: file, line: tagLine), reason: reason, hint: hint)
            }
            let triple = current == "{"
            if triple { index += 1 }
            let closer: [Character] = triple ? ["}", "}", "}"] : ["}", "}"]
            var end = index
            while end + closer.count <= characters.count
                && !characters[end..<(end + closer.count)].elementsEqual(closer)
            {
                end += 1
            }
            guard end + closer.count <= characters.count else {
                throw fail("a tag opened with {{ is never closed", "close it with }}")
            }
            let raw = String(characters[index..<end])
            while index < end { advance() }
            index = end + closer.count
            var sigil: Character = triple ? "&" : " "
            var name = raw
            if !triple, let first = raw.first, "#^/!&>=<$%".contains(first) {
                sigil = first
                name = String(raw.dropFirst())
            }
            name = Self.trimmingBlanks(name)
            if sigil == "!" { return RawTag(sigil: sigil, name: "", line: tagLine) }
            if "><$=%".contains(sigil) {
                throw fail(
                    "tag {{\(raw)}} uses a Mustache feature outreach does not allow",
                    "use plain {{name}} tags and {{#name}}...{{/name}} sections")
            }
            guard Self.isName(name) else {
                throw fail("'\(name)' is not a field name", Self.nameHint(name))
            }
            return RawTag(sigil: sigil, name: name, line: tagLine)
        }

        /// How to write a name that is not one: a spreadsheet's header (`{{recipient.First Name}}`)
        /// is answered with the column name a list has for it (`{{recipient.given_name}}`).
        private static func nameHint(_ name: String) -> String {
            let prefix = "recipient."
            if name.hasPrefix(prefix) {
                let header = String(name.dropFirst(prefix.count))
                let column = HeaderMatcher.templateName(for: header)
                if !column.isEmpty && isName(prefix + column) {
                    return
                        "write it {{recipient.\(column)}}: list columns are lower case with '_' between words (the import writes \(header.debugDescription) as \(column))"
                }
            }
            return "use a full name such as {{recipient.family_name}}, {{sender.city}}, {{note}} or {{date}}"
        }

        private static func trimmingBlanks(_ text: String) -> String {
            let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            guard let start = text.firstIndex(where: { !isBlank($0) }),
                let end = text.lastIndex(where: { !isBlank($0) })
            else { return "" }
            return String(text[start...end])
        }

        /// A dotted name of letters, ASCII digits, `_` and `-`; no `.` alone, no empty part.
        /// Letters of any script, since a list's columns keep a spreadsheet header's own letters
        /// (`Prénom` → `prénom`); never a format character (an invisible or bidirectional one),
        /// which is not a letter.
        private static func isName(_ name: String) -> Bool {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            return !name.isEmpty
                && parts.allSatisfy { part in
                    !part.isEmpty
                        && part.unicodeScalars.allSatisfy {
                            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
                        }
                }
        }
    }
}
