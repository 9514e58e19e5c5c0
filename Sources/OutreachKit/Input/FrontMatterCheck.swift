/// Checks a template's YAML front matter before Yams reads it, so that it cannot make the
/// reader work without bound: at most `InputLimits.frontMatterBytes`, no YAML anchor or alias
/// (`&name`, `*name`: nested aliases, the "billion laughs", grow exponentially when read, and
/// Yams compares alias keys whole), and at most `maximumBrackets` flow brackets (each `[` or
/// `{` is a level of nesting to the reader).
///
/// The check is on the text, deliberately wider than YAML's own rules, so that it never lets
/// an alias through: `&` or `*` right before any character but a blank or a flow indicator,
/// at the start of a line or after a blank, `[`, `{`, `,` or `:`, is refused even inside
/// quotes or a comment.
enum FrontMatterCheck {
    /// The most `[` and `{` in a front matter (a list of roles needs one pair).
    static let maximumBrackets = 64

    /// Checks `text`, the lines between the two `---` lines (the first is line 2 of `file`).
    /// - Throws: `InputError.fileTooLarge` or `.badFrontMatter` naming the line.
    static func check(_ text: String, file: String) throws {
        guard text.utf8.count <= InputLimits.frontMatterBytes else {
            throw InputError.fileTooLarge(
                path: file, what: "the front matter", limit: InputLimits.frontMatterBytes)
        }
        var line = 2
        var previous: UInt8 = 0x0A
        var brackets = 0
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            defer { previous = byte }
            if byte == 0x0A {
                line += 1
                continue
            }
            if byte == 0x5B || byte == 0x7B {
                brackets += 1
                if brackets > maximumBrackets {
                    throw InputError.badFrontMatter(
                        location: SourceLocation(file: file, line: line),
                        reason: "more than \(maximumBrackets) '[' or '{'",
                        hint: "a list is written [a, b]; the front matter needs no deeper structure")
                }
            }
            guard byte == 0x26 || byte == 0x2A, index + 1 < bytes.count, isAnchorCharacter(bytes[index + 1]),
                [0x0A, 0x20, 0x09, 0x5B, 0x7B, 0x2C, 0x3A].contains(previous)
            else { continue }
            let name = String(decoding: bytes[index...].prefix { $0 == byte || isAnchorCharacter($0) }, as: UTF8.self)
            throw InputError.badFrontMatter(
                location: SourceLocation(file: file, line: line),
                reason: "'\(name)' reads as a YAML \(byte == 0x26 ? "anchor" : "alias"); outreach allows neither",
                hint: "write each value out, and put quotes around text; no & or * right before a word")
        }
    }

    /// A character an anchor's name may hold (YAML 1.2 ns-anchor-char): anything but a blank,
    /// a line break and the flow indicators `,[]{}`.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        ![0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D].contains(byte)
    }
}
