import XCTest

@testable import OutreachKit

final class RoleTests: XCTestCase {
    func testRolesAreNormalizedOneWayEverywhere() {
        let cases: [(String, String?)] = [
            ("mayor", "mayor"), (" Mayor ", "mayor"), ("Council Member", "council-member"),
            ("council_member", "council-member"), ("COUNCIL-MEMBER", "council-member"),
            ("council  -  member", "council-member"), ("school-board", "school-board"), ("district-7", "district-7"),
            ("", nil), ("   ", nil), ("-", nil), ("mayor/council", nil), ("maire-adjoint·e", nil), ("conseillère", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(Role(rawValue: text)?.rawValue, expected, text.debugDescription)
        }
    }

    func testKnownRolesKeepTheirDefaults() {
        XCTAssertEqual(Role.names, ["mayor", "representative", "senator", "state-legislator"])
        XCTAssertTrue(Role(rawValue: "State Legislator")?.isKnown == true)
        XCTAssertFalse(Role(rawValue: "sheriff")?.isKnown ?? true)
        XCTAssertNil(Role(rawValue: "sheriff")?.summary)
        XCTAssertEqual(Role.problem(with: " "), "is empty")
    }
}
