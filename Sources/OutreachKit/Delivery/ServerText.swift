/// Text that comes from a mail server (its replies, and libcurl's error text, which quotes
/// them), made safe to print, log and store: it reaches a terminal, the queue and `--json`.
///
/// Every character that could change what a person sees rather than show as itself becomes
/// U+FFFD (`�`): control characters (C0, DEL, C1: a terminal's escape sequences, a carriage
/// return that overwrites the line), the Unicode format characters (general category Cf:
/// bidirectional overrides and isolates such as U+202E, which reorder what follows them,
/// zero-width characters, the byte order mark) and the line and paragraph separators
/// (U+2028, U+2029). Bytes that are not UTF-8 are decoded as U+FFFD too.
enum ServerText {
    /// The reply bytes as printable text.
    /// - Parameter bytes: what the server sent, without the line end.
    /// - Returns: the text, each unsafe character replaced by U+FFFD.
    static func printable<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // Nearly every reply is plain ASCII: no decoding, no scan of scalars.
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        return printable(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` with each unsafe character replaced by U+FFFD.
    /// - Parameter text: text that holds what a server sent.
    /// - Returns: the text, safe to show.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// True for a character that is not shown as itself: a control, a format character, a
    /// line or paragraph separator.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xA0 { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control: return true
        default: return false
        }
    }
}
