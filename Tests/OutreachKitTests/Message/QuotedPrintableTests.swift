import Foundation
import OutreachKit
import XCTest

final class QuotedPrintableTests: XCTestCase {
    func testEncodesAndDecodesBack() {
        let texts = [
            "caf\u{e9} = 1\r\n", "trailing space \r\nand tab\t\r\n", String(repeating: "é", count: 200) + "\r\n",
            "=\r\n", "",
        ]
        for text in texts {
            let encoded = QuotedPrintable.encode(Array(text.utf8))
            for line in String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n") {
                XCTAssertLessThanOrEqual(line.count, 76, line)
                XCTAssertFalse(line.hasSuffix(" ") || line.hasSuffix("\t"), "white space at a line end is encoded")
            }
            XCTAssertEqual(String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self), text)
        }
    }

    /// Exact encodings at the edges of RFC 2045 §6.7's rules.
    private func encoded(_ text: String) -> String {
        String(decoding: QuotedPrintable.encode(Array(text.utf8)), as: UTF8.self)
    }

    func testALineOfExactly76CharactersIsKeptAndOneOf77GetsASoftBreak() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        XCTAssertEqual(encoded(a(76) + "\r\n"), a(76) + "\r\n")
        XCTAssertEqual(encoded(a(77) + "\r\n"), a(75) + "=\r\n" + "aa\r\n")
        XCTAssertEqual(encoded(a(75) + "\r\n"), a(75) + "\r\n")
    }

    func testEqualsSignAtASoftBreakIsEscapedWhole() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        // "=3D" does not fit before the soft break's "=": it goes whole to the next line.
        XCTAssertEqual(encoded(a(73) + "=b\r\n"), a(73) + "=\r\n" + "=3Db\r\n")
        // It fits, and the last character may take the 76th place.
        XCTAssertEqual(encoded(a(72) + "=b\r\n"), a(72) + "=3Db\r\n")
        XCTAssertEqual(encoded("x = 1\r\n"), "x =3D 1\r\n")
    }

    func testTrailingSpaceAndTabBeforeALineBreakAreEncoded() {
        XCTAssertEqual(encoded("a \r\nb\t\r\nc  d\r\n"), "a=20\r\nb=09\r\nc  d\r\n")
        XCTAssertEqual(encoded("end "), "end=20")
        // A space before a soft break is not at the end of the line: the "=" follows it.
        let a = String(repeating: "a", count: 74)
        XCTAssertEqual(encoded(a + " bbbbb\r\n"), a + " =\r\n" + "bbbbb\r\n")
    }

    func testAUTF8CharacterIsNeverSplitAcrossASoftBreak() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        XCTAssertEqual(encoded(a(72) + "\u{e9}b\r\n"), a(72) + "=\r\n" + "=C3=A9b\r\n")
        XCTAssertEqual(encoded(a(69) + "\u{e9}b\r\n"), a(69) + "=C3=A9b\r\n")
        XCTAssertEqual(encoded(a(70) + "\u{1F33B}"), a(70) + "=\r\n" + "=F0=9F=8C=BB")
        XCTAssertEqual(encoded(a(64) + "\u{1F33B}"), a(64) + "=F0=9F=8C=BB")
        let accents = String(repeating: "\u{e9}", count: 30) + "\r\n"
        let line = String(repeating: "=C3=A9", count: 12)
        XCTAssertEqual(
            encoded(accents), line + "=\r\n" + line + "=\r\n" + String(repeating: "=C3=A9", count: 6) + "\r\n")
        for line in encoded(String(repeating: "a\u{e9}\u{1F33B}", count: 50)).components(separatedBy: "\r\n") {
            XCTAssertNotNil(String(validating: QuotedPrintable.decode(Array(line.utf8)), as: UTF8.self), line)
        }
    }

    func testALineOver998OctetsBecomesLinesOf76() {
        let x = String(repeating: "x", count: 1000)
        XCTAssertEqual(
            encoded(x + "\r\n"),
            String(repeating: String(repeating: "x", count: 75) + "=\r\n", count: 13)
                + String(repeating: "x", count: 25) + "\r\n")
    }

    func testEveryLineBreakBecomesCRLF() {
        XCTAssertEqual(encoded("a\nb\rc\r\nd"), "a\r\nb\r\nc\r\nd")
        XCTAssertEqual(encoded("\u{e9}t\u{e9}\n"), "=C3=A9t=C3=A9\r\n")
    }

    func testEncodedWordsDecode() {
        let text = "Grüße, 市长 and 🌻 — " + String(repeating: "ñ", count: 60)
        let words = EncodedWord.encode(text, firstMaximum: 60)
        XCTAssertLessThanOrEqual(words[0].count, 60)
        XCTAssertTrue(words.allSatisfy { $0.count <= 75 })
        XCTAssertEqual(EncodedWord.decode(words.joined(separator: " ")), text)
        XCTAssertEqual(EncodedWord.decode("=?iso-8859-1?Q?caf=E9_au_lait?= ok"), "café au lait ok")
    }
}
