import XCTest

@testable import OutreachKit

final class HeaderMatcherTests: XCTestCase {
    func testCommonSpellingsMapByThemselves() {
        let cases: [(String, String?)] = [
            ("First Name", "given_name"), ("first_name", "given_name"), ("Given Name", "given_name"),
            ("FIRST-NAME", "given_name"), ("Last Name", "family_name"), ("Surname", "family_name"),
            ("E-mail", "email"), ("Email Address", "email"), (" email ", "email"), ("City", "jurisdiction"),
            ("Town", "jurisdiction"), ("State", "state"), ("ST", "state"), ("ZIP", "zip"), ("Zip Code", "zip"),
            ("Phone", "phone"), ("Title", "title"), ("Position", "title"), ("Contact Form", "contact_form"),
            ("Web Form", "contact_form"), ("Term Ends", "term_end"), ("can2_state_abbreviated", "state"),
            ("Ward #", nil), ("Committee", nil), ("", nil),
        ]
        for (header, column) in cases { XCTAssertEqual(HeaderMatcher.column(for: header), column, header) }
    }

    func testOtherColumnsKeepANormalizedName() {
        XCTAssertEqual(HeaderMatcher.ownName("Ward #"), "ward")
        XCTAssertEqual(HeaderMatcher.ownName("Committee Assignments"), "committee_assignments")
        XCTAssertEqual(HeaderMatcher.ownName("  MEMBER_RATING "), "member_rating")
        XCTAssertEqual(HeaderMatcher.ownName("#"), "")
        XCTAssertEqual(HeaderMatcher.templateName(for: "First Name"), "given_name")
        XCTAssertEqual(HeaderMatcher.templateName(for: "Ward #"), "ward")
    }

    func testTheMappingTakesMapFirstAndKeepsEveryColumn() throws {
        let mapping = try ColumnMapping(
            header: ["Name", "Email", "Email", "Ward #", "Office", "", ""], maps: ["Office=district", "Ward #="]
        ) { $0 == 5 }
        XCTAssertEqual(mapping.targets, ["name", "email", "email_2", nil, "district", "column_6", nil])
        XCTAssertEqual(mapping.columns.map(\.mapping), [.matched, .matched, .kept, .dropped, .mapped, .kept, .dropped])
        XCTAssertEqual(mapping.columns[2].note, "also email")
        XCTAssertEqual(mapping.outputColumns.suffix(3), ["zip", "email_2", "column_6"])
        XCTAssertThrowsError(try ColumnMapping(header: ["Name"], maps: ["Nmae=name"]) { _ in true }) { error in
            XCTAssertEqual(
                (error as? SpreadsheetError)?.message, "--map \"Nmae=name\": the file has no column \"Nmae\"")
            XCTAssertEqual((error as? SpreadsheetError)?.hint, "did you mean \"Name\"?")
        }
        XCTAssertThrowsError(try ColumnMapping(header: ["A", "B"], maps: ["A=email,B=email"]) { _ in true })
        XCTAssertThrowsError(try ColumnMapping(header: ["A"], maps: ["A"]) { _ in true })
    }
}
