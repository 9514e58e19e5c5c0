import XCTest

@testable import OutreachKit

/// Issue 18: every value printed to a terminal is shown as it is: control characters,
/// bidirectional overrides and invisible format characters are written out as escapes.
final class VisibleTextTests: XCTestCase {
    func testControlCharactersAreWrittenOut() {
        XCTAssertEqual(VisibleText.escaped("a\u{1B}[2Jb"), "a\\x1b[2Jb")
        XCTAssertEqual(VisibleText.escaped("nul\u{0}del\u{7F}c1\u{85}"), "nul\\x00del\\x7fc1\\x85")
        XCTAssertEqual(VisibleText.escaped("one\ntwo\tthree\rfour"), "one\\ntwo\\tthree\\rfour")
        XCTAssertEqual(VisibleText.escaped("one\ntwo\tthree\rfour", keepingLineBreaks: true), "one\ntwo\tthree\\rfour")
    }

    func testBidirectionalAndInvisibleCharactersAreWrittenOut() {
        // "Trojan Source": an override makes "evil" read as "live" on screen.
        XCTAssertEqual(VisibleText.escaped("\u{202E}live\u{202C}"), "\\u{202E}live\\u{202C}")
        for scalar in [0x202A, 0x202B, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200E, 0x200F, 0xFEFF, 0x2060] {
            let text = String(Character(Unicode.Scalar(UInt32(scalar)) ?? " "))
            XCTAssertNotEqual(VisibleText.escaped(text), text, String(scalar, radix: 16))
            XCTAssertTrue(VisibleText.escaped(text).hasPrefix("\\u{"), String(scalar, radix: 16))
        }
        XCTAssertEqual(VisibleText.escaped("\u{2028}\u{2029}"), "\\u{2028}\\u{2029}")
        // Tag characters carry text no one sees.
        XCTAssertEqual(VisibleText.escaped("ok\u{E0041}\u{E0042}"), "ok\\u{E0041}\\u{E0042}")
    }

    func testWhatScriptsNeedIsKept() {
        for text in [
            "Jürgen Groß", "李小龍", "מרים כהן", "مریم‌ رضایی", "क्‍ष", "👩‍👩‍👧‍👦", "Zoë 🌻 Ortiz", "O'Brien & Sons",
            "back\\slash",
        ] {
            XCTAssertEqual(VisibleText.escaped(text), text)
        }
    }

    func testJSONNotationKeepsTheValue() throws {
        let value = "a\u{202E}b\u{E0041}c"
        let json = VisibleText.escaped("\"\(value)\"", notation: .json)
        XCTAssertEqual(json, "\"a\\u202eb\\udb40\\udc41c\"")
        XCTAssertEqual(try JSONDecoder().decode(String.self, from: Data(json.utf8)), value)
    }

    func testEscapingTwiceChangesNothing() {
        let once = VisibleText.escaped("x\u{1B}\u{202E}\u{0}y")
        XCTAssertEqual(VisibleText.escaped(once), once)
    }
}
