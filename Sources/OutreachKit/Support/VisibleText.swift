/// Text made safe to show on a terminal: every character that a terminal would act on or not
/// show at all is written out as an escape, so what a person reads is what is there.
///
/// Escaped: control characters (C0, DEL, C1; tab and line feed only where the caller keeps
/// them), the line and paragraph separators (U+2028, U+2029), and invisible format characters
/// (Unicode category Cf), among them the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) that reorder what is shown (CVE-2021-42574, "Trojan Source"),
/// zero-width spaces, the byte-order mark and the tag characters (U+E0000–U+E007F) that can
/// carry hidden text. Kept: the zero-width joiner and non-joiner (U+200C, U+200D), which
/// scripts such as Persian and Devanagari, and emoji sequences, need to be spelled right.
///
/// Every place that prints data for a person uses it: error messages and hints, and the
/// command line's normal output.
public enum VisibleText {
    /// How an escaped character is written.
    public enum Notation: Sendable {
        /// `\x1b` for characters up to U+00FF, `\u{202E}` above, as in a Swift or C string.
        case readable
        /// `\u001b`, `\u202e`, and surrogate pairs above U+FFFF: the same text inside a JSON
        /// string, whose value is unchanged (RFC 8259 §7).
        case json
    }

    /// `text` with every character a terminal would hide or act on written as an escape.
    /// - Parameters:
    ///   - text: the text to show.
    ///   - keepingLineBreaks: keep tab and line feed (LF) as they are, for multi-line text
    ///     (a letter's text); otherwise they are escaped too, so a value stays on one line.
    ///   - notation: how an escape is written.
    /// - Returns: the text itself when nothing needs escaping (the common case, without copying).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false, notation: Notation = .readable)
        -> String
    {
        // Printable ASCII, most text shown, is checked a byte at a time without decoding scalars.
        if text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) == true {
            return text
        }
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else {
            return text
        }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) {
                output.append(contentsOf: escape(scalar, notation: notation).unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// True when `scalar` would be hidden or acted on by a terminal.
    /// - Parameters:
    ///   - scalar: the character.
    ///   - keepingLineBreaks: tab and line feed count as visible.
    /// - Returns: true for control characters, U+2028/U+2029 and invisible format characters.
    public static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool = false) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) {
            return !(keepingLineBreaks && (value == 0x09 || value == 0x0A))
        }
        if value < 0xA0 { return false }
        if value == 0x200C || value == 0x200D { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar, notation: Notation) -> String {
        let value = scalar.value
        switch notation {
        case .readable:
            switch value {
            case 0x09: return "\\t"
            case 0x0A: return "\\n"
            case 0x0D: return "\\r"
            case 0...0xFF: return "\\x" + hex(value, digits: 2)
            default: return "\\u{" + hex(value, digits: 4).uppercased() + "}"
            }
        case .json:
            if value <= 0xFFFF { return "\\u" + hex(value, digits: 4) }
            // UTF-16 surrogate pair (RFC 8259 §7).
            let offset = value - 0x10000
            return "\\u" + hex(0xD800 + (offset >> 10), digits: 4) + "\\u" + hex(0xDC00 + (offset & 0x3FF), digits: 4)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
