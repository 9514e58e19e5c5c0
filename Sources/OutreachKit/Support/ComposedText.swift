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
    /// - Parameter text: any text.
    /// - Returns: the composed text.
    public static func nfc(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0xCC }) else { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}
