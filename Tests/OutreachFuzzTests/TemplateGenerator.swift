import Foundation

/// Generates Mustache letter bodies of the kind outreach accepts (values, sections, inverted
/// sections, value sections `{{#recipient.COLUMN.VALUE}}`, comments, standalone lines, blanks)
/// with, now and then, what it refuses (a control character, a partial, an unclosed or
/// mismatched section, a name that is not a field, a value test printed as text).
enum TemplateGenerator {
    static let recipientColumns = ["family_name", "jurisdiction", "phone", "party", "title", "district"]
    static let constants = ["sender.name", "sender.city", "sender.phone", "note", "date"]
    /// The VALUEs of the value sections generated; recipients' values hold them now and then.
    static let testedValues = ["yes", "no", "Yes"]

    /// A section's name: now and then a value test, `recipient.COLUMN.VALUE`.
    static func sectionName(_ generator: inout SeededGenerator) -> String {
        guard Hostile.oneIn(3, &generator) else { return name(&generator) }
        let column = recipientColumns.randomElement(using: &generator) ?? "party"
        return "recipient.\(column).\(testedValues.randomElement(using: &generator) ?? "yes")"
    }

    static func name(_ generator: inout SeededGenerator) -> String {
        if Hostile.oneIn(2, &generator) {
            return "recipient." + (recipientColumns.randomElement(using: &generator) ?? "name")
        }
        return constants.randomElement(using: &generator) ?? "note"
    }

    /// Literal text for a template: no control character unless `hostile`.
    static func literal(_ generator: inout SeededGenerator, hostile: Bool) -> String {
        let pieces = [
            "Dear", " ", "  ", "\t", "Mayor", ",", ".", "{", "}", "{ {", "} }", "Zoë", "李", "\u{202E}", "\u{200D}",
            "\u{F8F0}0\u{F8F1}",
            "\u{F8F0}", "=?", "e\u{301}", "\\", "&", "<b>",
        ]
        var text = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
            pieces.randomElement(using: &generator) ?? ""
        }.joined()
        if hostile {
            text += ["\u{1B}[8m", "\u{0}", "\u{7F}", "\r", "\u{85}", "\u{2028}"].randomElement(using: &generator) ?? ""
        }
        return text
    }

    /// A body of about `size` pieces, sections at most `depth` deep.
    static func body(_ generator: inout SeededGenerator, size: Int = 12, depth: Int = 4, broken: Bool = false)
        -> String
    {
        var output = ""
        var open: [String] = []
        for _ in 0..<Int.random(in: 1...size, using: &generator) {
            let blanks =
                Hostile.oneIn(3, &generator)
                ? String(repeating: " ", count: Int.random(in: 1...3, using: &generator)) : ""
            switch Int.random(in: 0..<10, using: &generator) {
            case 0, 1:
                output += literal(&generator, hostile: broken && Hostile.oneIn(3, &generator))
            case 2:
                output += "\n"
            case 3, 4:
                let inner = Hostile.oneIn(4, &generator) ? " " : ""
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: output += "{{\(inner)\(name(&generator))\(inner)}}"
                case 1: output += "{{{\(name(&generator))}}}"
                default: output += "{{& \(name(&generator))}}"
                }
            case 5, 6:
                guard open.count < depth else { continue }
                let section = sectionName(&generator)
                open.append(section)
                output += blanks + "{{\(Hostile.oneIn(3, &generator) ? "^" : "#")\(section)}}"
                if Hostile.oneIn(2, &generator) { output += "\n" }
            case 7:
                guard let section = open.popLast() else { continue }
                output += blanks + "{{/\(section)}}"
                if Hostile.oneIn(2, &generator) { output += "\n" }
            case 8:
                output += blanks + "{{! a comment }}" + (Hostile.oneIn(2, &generator) ? "\n" : "")
            default:
                output += blanks
            }
        }
        while let section = open.popLast() { output += (Hostile.oneIn(2, &generator) ? "\n" : "") + "{{/\(section)}}" }
        if broken && Hostile.oneIn(2, &generator) {
            output +=
                [
                    "{{> partial}}", "{{#unclosed}}", "{{/never}}", "{{recipient.}}", "{{", "{{=<% %>=}}", "{{.}}",
                    "{{recipient.party.yes}}", "{{recipient.First Name}}",
                ]
                .randomElement(using: &generator) ?? ""
        }
        return output
    }
}
