import XCTest

@testable import OutreachKit

/// The one sanitiser for everything shown from a server: replies and libcurl's error text.
final class ServerTextTests: XCTestCase {
    func testEveryCharacterThatIsNotShownAsItselfIsReplaced() {
        let rows: [(String, String)] = [
            ("250 2.0.0 Ok: queued as Q1", "250 2.0.0 Ok: queued as Q1"),
            ("café, Zürich, 東京", "café, Zürich, 東京"),
            ("a\u{1B}[31mred", "a\u{FFFD}[31mred"),
            ("over\rwrite", "over\u{FFFD}write"),
            ("c1 \u{9B}1m", "c1 \u{FFFD}1m"),
            ("\u{202E}txt.exe", "\u{FFFD}txt.exe"),
            ("\u{202A}\u{202B}\u{202C}\u{202D}", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("\u{2066}\u{2067}\u{2068}\u{2069}", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("\u{200E}\u{200F}\u{061C}", "\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("zero\u{200B}width\u{2060}joiner\u{FEFF}", "zero\u{FFFD}width\u{FFFD}joiner\u{FFFD}"),
            ("line\u{2028}para\u{2029}", "line\u{FFFD}para\u{FFFD}"),
        ]
        for (text, shown) in rows {
            XCTAssertEqual(ServerText.printable(text), shown, text.debugDescription)
            XCTAssertEqual(ServerText.printable(Array(text.utf8)), shown, text.debugDescription)
        }
        XCTAssertEqual(ServerText.printable([0x6F, 0x6B, 0xFF]), "ok\u{FFFD}", "bytes that are not UTF-8")
    }
}
