import XCTest

@testable import OutreachKit

/// Values of a recipient list are composed (NFC) when read. Swift compares strings by
/// canonical equivalence ("e\u{308}" == "ë"), so the tests compare UTF-8 bytes.
final class ComposedTextTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(ComposedText.nfc(text).utf8) }

    func testDecomposedTextIsComposed() {
        XCTAssertEqual(bytes("Zoe\u{308} Bronte\u{308}"), Array("Zo\u{EB} Bront\u{EB}".utf8))
        XCTAssertEqual(bytes("Sa\u{303}o Paulo"), Array("S\u{E3}o Paulo".utf8))
        // Vietnamese stacks two marks on one letter; Hangul jamo compose into one syllable.
        XCTAssertEqual(bytes("Nguye\u{302}\u{303}n"), Array("Nguy\u{1EC5}n".utf8))
        XCTAssertEqual(bytes("\u{1100}\u{1161}"), Array("\u{AC00}".utf8))
        // A character below U+0300 followed by a combining mark still composes.
        XCTAssertEqual(bytes("\u{C5}\u{301}"), Array("\u{1FA}".utf8))
        // So does a precomposed Vietnamese letter (U+1EA0) followed by a mark: Ặ is U+1EB6.
        XCTAssertEqual(bytes("\u{1EA0}\u{306}c"), Array("\u{1EB6}c".utf8))
    }

    func testComposedAndASCIITextIsKept() {
        let kept = [
            "Ann Lee", "", "Jos\u{E9} Garc\u{ED}a, \u{141}ukasz", "Nguy\u{1EC5}n \u{110}\u{1EE9}c", "\u{AC00}",
            "\u{1E00}\u{1EFF}", "Tr\u{1EA7}n Th\u{1ECB} \u{1EE8}ng",
        ]
        for text in kept {
            XCTAssertEqual(bytes(text), Array(text.utf8), text)
        }
    }
}
