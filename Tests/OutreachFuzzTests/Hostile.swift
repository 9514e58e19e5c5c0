import Foundation

/// Generated inputs built from pieces that have broken mail tools, template engines and
/// terminals: control characters, escape sequences, bidirectional overrides, invisible
/// characters, the private-use characters an older merge used as markers, Mustache braces,
/// encoded-word look-alikes, CSV and YAML syntax, and plain words in many scripts.
enum Hostile {
    /// Pieces of one line: no line break.
    static let inline: [String] = [
        "a", "Doe", "Mayor", "O'Brien", "Zoë", "Ñúñez-García", "李小龍", "مریم‌", "שלום", "👩‍👩‍👧‍👦", "🌻", "e\u{301}", " ", "  ",
        "\t", "\u{1B}[2J", "\u{1B}]0;title\u{7}", "\u{1B}[8m", "\u{0}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}",
        "\u{2066}",
        "\u{2069}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{E0041}", "\u{F8F0}", "\u{F8F1}", "\u{F8F0}0\u{F8F1}",
        "\u{F8F0}99\u{F8F1}", "{", "}", "{{", "}}", "{{{", "{{note}}", "{{recipient.name}}", "{{#x}}", "{{/x}}",
        "=?utf-8?Q?=0D=0ABcc:_v@example.com?=", "=?", "?=", ",", "\"", "\"\"", "'", "&", "&a", "*a", "#", ":", "- ",
        "[",
        "]", "\\", "%", "$", "<b>", "@", "..", "/", "../", "0", "99999999999", "-1", "CA-12", "ZZ-1", "x@example.org",
    ]

    /// Line breaks of every kind, and the characters some programs read as one.
    static let breaks: [String] = ["\n", "\r\n", "\r", "\u{2028}", "\u{0B}", "\u{0C}"]

    /// Text of up to `pieces` pieces on one line.
    static func line(_ generator: inout SeededGenerator, pieces: Int = 6) -> String {
        (0..<Int.random(in: 0...pieces, using: &generator)).map { _ in
            inline.randomElement(using: &generator) ?? ""
        }.joined()
    }

    /// Text of up to `lines` lines, with any kind of line break.
    static func text(_ generator: inout SeededGenerator, lines: Int = 4) -> String {
        (0..<Int.random(in: 1...lines, using: &generator)).map { _ in
            line(&generator) + (breaks.randomElement(using: &generator) ?? "\n")
        }.joined()
    }

    /// True one time in `chance`.
    static func oneIn(_ chance: Int, _ generator: inout SeededGenerator) -> Bool {
        Int.random(in: 0..<chance, using: &generator) == 0
    }
}
