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

    func testEncodedWordsDecode() {
        let text = "Grüße, 市长 and 🌻 — " + String(repeating: "ñ", count: 60)
        let words = EncodedWord.encode(text, firstMaximum: 60)
        XCTAssertLessThanOrEqual(words[0].count, 60)
        XCTAssertTrue(words.allSatisfy { $0.count <= 75 })
        XCTAssertEqual(EncodedWord.decode(words.joined(separator: " ")), text)
        XCTAssertEqual(EncodedWord.decode("=?iso-8859-1?Q?caf=E9_au_lait?= ok"), "café au lait ok")
    }
}
