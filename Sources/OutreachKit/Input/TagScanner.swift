/// Finds the tags in Mustache text, so the names a template uses can be checked against the
/// data before anything renders: swift-mustache renders an unknown name as empty text and
/// has no strict mode.
///
/// Allowed: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#name}}`/`{{^name}}`/`{{/name}}`,
/// comments. Refused, because a letter should read the same in any tool: partials, parents,
/// blocks, delimiter changes, pragmas, `{{.}}` and names relative to a section.
enum TagScanner {
    /// Scans `text`, whose first line is line `firstLine` of `file`.
    /// - Throws: `InputError.badTemplate` naming the file:line of the first bad tag.
    static func scan(_ text: String, file: String, firstLine: Int) throws -> [TemplateTag] {
        var tags: [TemplateTag] = []
        var stack: [(name: String, inverted: Bool, line: Int)] = []
        let bytes = Array(text.utf8)
        var index = 0
        var line = firstLine
        func fail(_ reason: String, _ hint: String, at tagLine: Int) -> InputError {
            .badTemplate(location: SourceLocation(file: file, line: tagLine), reason: reason, hint: hint)
        }
        while index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            guard bytes[index] == 0x7B, index + 1 < bytes.count, bytes[index + 1] == 0x7B else {
                index += 1
                continue
            }
            let tagLine = line
            let triple = index + 2 < bytes.count && bytes[index + 2] == 0x7B
            let open = index + (triple ? 3 : 2)
            let closer: [UInt8] = triple ? [0x7D, 0x7D, 0x7D] : [0x7D, 0x7D]
            var end = open
            while end + closer.count <= bytes.count && !bytes[end..<(end + closer.count)].elementsEqual(closer) {
                if bytes[end] == 0x0A { line += 1 }
                end += 1
            }
            guard end + closer.count <= bytes.count else {
                throw fail("a tag opened with {{ is never closed", "close it with }}", at: tagLine)
            }
            let inner = String(decoding: bytes[open..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            index = end + closer.count
            var sigil = inner.first ?? " "
            var name = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
            if triple || !"#^/!&>=<$%".contains(sigil) {
                sigil = triple ? "&" : " "
                name = inner
            }
            if sigil == "!" { continue }
            if "><$=%".contains(sigil) {
                throw fail(
                    "tag {{\(inner)}} uses a Mustache feature outreach does not allow",
                    "use plain {{name}} tags and {{#name}}...{{/name}} sections", at: tagLine)
            }
            guard isName(name) else {
                throw fail("'\(name)' is not a field name", nameHint(name), at: tagLine)
            }
            switch sigil {
            case "#", "^":
                tags.append(
                    TemplateTag(
                        kind: sigil == "#" ? .section : .invertedSection, name: name, line: tagLine,
                        enclosing: stack.map { ($0.name, $0.inverted) }))
                stack.append((name, sigil == "^", tagLine))
            case "/":
                guard let top = stack.popLast() else {
                    throw fail(
                        "{{/\(name)}} closes a section that was never opened",
                        "remove it, or open the section with {{#\(name)}}", at: tagLine)
                }
                guard top.name == name else {
                    throw fail(
                        "{{/\(name)}} closes the section {{#\(top.name)}} opened at line \(top.line)",
                        "close {{#\(top.name)}} first", at: tagLine)
                }
            default:
                tags.append(
                    TemplateTag(
                        kind: .variable, name: name, line: tagLine, enclosing: stack.map { ($0.name, $0.inverted) }))
            }
        }
        if let open = stack.last {
            throw fail("section {{#\(open.name)}} is never closed", "add {{/\(open.name)}}", at: open.line)
        }
        return tags
    }

    /// How to write a name that is not one: a spreadsheet's header (`{{recipient.First Name}}`)
    /// is answered with the column name a list has for it (`{{recipient.given_name}}`).
    private static func nameHint(_ name: String) -> String {
        let prefix = "recipient."
        if name.hasPrefix(prefix) {
            let column = HeaderMatcher.templateName(for: String(name.dropFirst(prefix.count)))
            if !column.isEmpty {
                return
                    "write it {{recipient.\(column)}}: list columns are lower case with '_' between words (the import writes \(String(name.dropFirst(prefix.count)).debugDescription) as \(column))"
            }
        }
        return "use a full name such as {{recipient.family_name}}, {{sender.city}}, {{note}} or {{date}}"
    }

    /// A dotted name of letters, digits, `_` and `-`; no `.` alone, no empty part.
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
