/// How many columns of a terminal text takes, so that tables line up whatever the script.
///
/// Measured per character as a person sees it (a grapheme cluster, Swift's `Character`): a
/// letter written decomposed (NFD, as macOS exports names: `e` + U+0308) is one column like its
/// composed form, and a cut never splits it. East Asian wide and fullwidth characters (Unicode
/// UAX #11, East Asian Width W and F: CJK ideographs, kana, Hangul syllables, fullwidth forms)
/// and emoji shown as pictures take two columns, as terminals draw them; everything else one.
/// (Control and invisible characters are made visible by `VisibleText` before they are measured.)
enum DisplayWidth {
    /// The blocks of East Asian Width W and F (UAX #11), as code point ranges.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]

    /// The columns `text` takes.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The columns one character takes: 2 when wide (above), else 1.
    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let isWide =
            wide.contains { $0.contains(first.value) } || first.properties.isEmojiPresentation
            || (first.properties.isEmoji && character.unicodeScalars.contains("\u{FE0F}"))
        return isWide ? 2 : 1
    }

    /// `text` with spaces after it up to `width` columns (as it is when it is as wide or wider).
    static func padded(_ text: String, to width: Int) -> String {
        let columns = of(text)
        return columns >= width ? text : text + String(repeating: " ", count: width - columns)
    }

    /// The longest start of `text` that fits in `width` columns, cut between characters.
    static func prefix(_ text: String, fitting width: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let columns = of(text[index])
            if used + columns > width { break }
            used += columns
            end = text.index(after: index)
        }
        return String(text[..<end])
    }
}
