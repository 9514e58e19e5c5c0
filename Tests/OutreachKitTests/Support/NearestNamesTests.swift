import XCTest

@testable import OutreachKit

final class NearestNamesTests: XCTestCase {
    func testTheNearestNamesComeFirst() {
        let columns = ["id", "name", "ward", "word_count", "email", "given_name"]
        XCTAssertEqual(NearestNames.nearest(to: "wrad", in: columns), ["ward"])
        XCTAssertEqual(NearestNames.nearest(to: "Email", in: ["E-mail", "Name"]), ["E-mail"])
        XCTAssertEqual(NearestNames.nearest(to: "first_name", in: columns), ["name"], "it contains it")
        XCTAssertEqual(NearestNames.nearest(to: "givenname", in: columns), ["given_name", "name"])
        XCTAssertEqual(NearestNames.nearest(to: "council-membr", in: ["mayor", "council-member"]), ["council-member"])
        XCTAssertEqual(NearestNames.editDistance("emial", "email"), 1)
        XCTAssertEqual(NearestNames.editDistance("", "abc"), 3)
    }
}
