import OutreachKit
import XCTest

final class AddrSpecTests: XCTestCase {
    func testValidAddresses() throws {
        for text in [
            "a@example.org", "first.last+tag@mail.example.com", "o'brien@example.org", "x@xn--bcher-kva.example",
        ] {
            XCTAssertNoThrow(try AddrSpec(text), text)
        }
        XCTAssertEqual(try AddrSpec("A@Example.ORG").domain, "example.org")
    }

    func testInvalidAddressesNameTheRule() {
        let cases: [(String, AddrSpec.Problem)] = [
            ("", .empty), ("no-at.example.org", .noAt), ("josé@example.org", .nonASCIILocalPart),
            ("a@bücher.example", .internationalizedDomain), ("a..b@example.org", .badLocalPart),
            (".a@example.org", .badLocalPart), ("a@example", .badDomain), ("a@-x.example.org", .badDomain),
            ("a b@example.org", .badLocalPart), ("https://example.org/contact", .noAt),
            ("https://example.org/@x", .badLocalPart),
            (String(repeating: "a", count: 65) + "@example.org", .localPartTooLong(octets: 65)),
            (
                "a@" + Array(repeating: String(repeating: "b", count: 62), count: 4).joined(separator: ".") + ".org",
                .tooLong(octets: 257)
            ),
        ]
        for (text, problem) in cases {
            XCTAssertThrowsError(try AddrSpec(text), text) { error in
                XCTAssertEqual(error as? AddrSpec.Problem, problem, text)
            }
        }
    }
}
