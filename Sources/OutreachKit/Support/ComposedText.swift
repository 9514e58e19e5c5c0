import Foundation

/// Text in Unicode Normalization Form C (NFC, composed: "ë" is U+00EB), the form a letter's
/// header and text are written in: a list saved decomposed (NFD: "e" then U+0308, as macOS
/// writes) would otherwise reach the office as it is, with accents a mail reader may draw apart.
public enum ComposedText {
    /// `text` in NFC.
    ///
    /// Text whose characters all lie below U+0300 (ASCII, Latin-1, Latin Extended-A and -B:
    /// `José`, `Zoë`, `Łukasz`; not Vietnamese `ễ`, U+1EC5) is NFC already and returned as it is
    /// after one pass over its bytes: every such character is a starter that composes with none of the others
    /// (UAX #15's quick check says yes), and the combining marks begin at U+0300. In UTF-8 a
    /// character at or above U+0300 starts with a byte of 0xCC or more, and no other byte is
    /// that large, so the pass looks for such a byte. Drafting a large list of names relies on it.
    /// The pass also lets through Latin Extended Additional (U+1E00 to U+1EFF, `E1 B8` to
    /// `E1 BB` in UTF-8: Vietnamese `Nguyễn`, `Đức`), whose letters are all precomposed starters
    /// that compose with nothing before or after them but a combining mark (checked against
    /// Unicode 14's data, pair by pair), and a combining mark sends the text the slow way.
    /// - Parameter text: any text.
    /// - Returns: the composed text.
    public static func nfc(_ text: String) -> String {
        guard mayNeedComposing(text) else { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// False when every character of `text` is below U+0300 or in U+1E00...U+1EFF.
    private static func mayNeedComposing(_ text: String) -> Bool {
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            bytes.formIndex(after: &index)
            guard byte >= 0xCC else { continue }
            guard byte == 0xE1, index != bytes.endIndex, (0xB8...0xBB).contains(bytes[index]) else { return true }
            // Past the character's last byte (a continuation byte, below 0xCC anyway).
            bytes.formIndex(after: &index)
        }
        return false
    }
}
