import OutreachKit
import XCTest

/// How a letter's text becomes paragraphs for a web form's message box.
final class FormTextTests: XCTestCase {
    func testWrappedProseBecomesOneLineAndShortLinesKeepTheirBreaks() {
        let cases: [(String, String, String)] = [
            (
                "Dear Mayor Lee,\n\nI live in Oakland, and I am writing to say that I stand with the\nimmigrants of our city.\n",
                "Dear Mayor Lee,\n\nI live in Oakland, and I am writing to say that I stand with the immigrants of our city.",
                "a wrapped paragraph is joined; the greeting stays"
            ),
            (
                "Sincerely,\n\nDana Rivera\n1 Broadway\nOakland, CA 94612\ndana.rivera@example.org\n",
                "Sincerely,\n\nDana Rivera\n1 Broadway\nOakland, CA 94612\ndana.rivera@example.org",
                "a signature keeps its lines"
            ),
            (
                "One line of forty characters, no less...\nthen the last line\r\n\r\n\r\nNext.  \n",
                "One line of forty characters, no less... then the last line\n\nNext.",
                "CRLF, several empty lines and trailing spaces"
            ),
            (
                "A line shorter than forty characters\nand another that is long enough to count as wrapped prose\n",
                "A line shorter than forty characters\nand another that is long enough to count as wrapped prose",
                "a short line before the last: not wrapped prose"
            ),
            ("", "", "nothing"),
        ]
        for (body, expected, why) in cases {
            XCTAssertEqual(FormText.paragraphs(of: body), expected, why)
        }
    }
}
