import XCTest

@testable import OutreachKit

/// Issue 18: only tab and line breaks may be in a letter's text; the rest is found, by line.
final class ControlCharacterTests: XCTestCase {
    func testTabAndLineBreaksAreAllowed() {
        XCTAssertNil(ControlCharacter.first(in: "Dear Mayor,\n\tThank you.\r\nSincerely,\n"))
        XCTAssertNil(ControlCharacter.first(in: "مریم‌ 👩‍👩‍👧 \u{202E}"))
    }

    func testEachOtherControlCharacterIsFoundWithItsLine() {
        XCTAssertEqual(
            ControlCharacter.first(in: "one\ntwo \u{1B}[8m hidden"), ControlCharacter(scalar: "\u{1B}", line: 2))
        XCTAssertEqual(ControlCharacter.first(in: "\u{0}"), ControlCharacter(scalar: "\u{0}", line: 1))
        XCTAssertEqual(ControlCharacter.first(in: "a\nb\nc\u{7F}"), ControlCharacter(scalar: "\u{7F}", line: 3))
        XCTAssertEqual(ControlCharacter.first(in: "c1 \u{9B}"), ControlCharacter(scalar: "\u{9B}", line: 1))
        XCTAssertEqual(ControlCharacter.first(in: "x\u{2028}y"), ControlCharacter(scalar: "\u{2028}", line: 1))
        // A CR that ends no line returns the cursor over what was written.
        XCTAssertEqual(ControlCharacter.first(in: "ok\nsafe\rhidden"), ControlCharacter(scalar: "\r", line: 2))
        XCTAssertEqual(ControlCharacter.first(in: "ends with CR\r"), ControlCharacter(scalar: "\r", line: 1))
    }

    func testRefusalNamesTheFileTheLineAndTheCharacter() {
        XCTAssertThrowsError(
            try ControlCharacter.refuse(in: "a\nb\u{1B}", file: "note.txt", firstLine: 5, what: "the note")
        ) { error in
            XCTAssertEqual(
                error as? InputError,
                .controlCharacter(
                    location: SourceLocation(file: "note.txt", line: 6), what: "the note", character: "\\x1b (ESC)"))
            XCTAssertEqual((error as? InputError)?.exitCode, 65)
        }
    }
}
