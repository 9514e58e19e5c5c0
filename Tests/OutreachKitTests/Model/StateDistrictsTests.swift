import Foundation
import OutreachKit
import XCTest

final class StateDistrictsTests: XCTestCase {
    private let header = RecipientHeader(file: "t.csv", columns: ["id", "role", "state", "district", "chamber"])

    private func member(_ state: String, _ chamber: String, _ district: String) -> Recipient {
        Recipient(header: header, values: ["x", "state-legislator", state, district, chamber], line: 2)
    }

    func testParsingNormalizesAndOrdersTheChambers() throws {
        XCTAssertEqual(
            try StateDistricts(parsing: "Assembly District 018;  Senate 7", state: "CA").text, "senate 7; assembly 18")
        XCTAssertEqual(try StateDistricts(parsing: "house: Rockingham 30", state: "NH").text, "house Rockingham 30")
        XCTAssertEqual(try StateDistricts(parsing: "delegates 11B", state: "MD").text, "house 11B")
        XCTAssertEqual(
            try StateDistricts(parsing: "senate Berkshire, Hampden, Franklin and Hampshire", state: "MA").parts.first?
                .district, "Berkshire, Hampden, Franklin and Hampshire")
        XCTAssertEqual(try StateDistricts(parsing: "13", state: "NE").text, "13")
        XCTAssertEqual(try StateDistricts(parsing: "legislature 13", state: "NE").text, "13")
        XCTAssertEqual(try StateDistricts(parsing: "ward 01", state: "DC").text, "Ward 1")
    }

    func testRefusals() {
        let cases: [(String, String, String)] = [
            ("18", "CA", "does not say which chamber '18' is in"),
            ("senate", "CA", "names a chamber without its district"),
            ("senate 1; upper 2", "CA", "names the senate twice"),
            ("house 5", "NE", "names a chamber, but Nebraska has one"),
            ("ward 9", "DC", "is not a ward"),
            ("  ;  ", "CA", "is empty"),
        ]
        for (text, state, reason) in cases {
            XCTAssertThrowsError(try StateDistricts(parsing: text, state: state), text) { error in
                XCTAssertTrue((error as? StateDistricts.Problem)?.reason.contains(reason) ?? false, "\(text): \(error)")
            }
        }
    }

    func testMatchingByChamberDistrictAndSeatsForEveryone() throws {
        let california = try StateDistricts(parsing: "senate 7; assembly 18", state: "CA")
        XCTAssertTrue(california.matches(member("CA", "upper", "7")))
        XCTAssertTrue(california.matches(member("CA", "lower", "018")))
        XCTAssertFalse(california.matches(member("CA", "upper", "18")), "senate 18 is another place")
        XCTAssertFalse(california.matches(member("NV", "upper", "7")))
        // Idaho: seats 10A and 10B are both district 10's; Minnesota's 10A is a district of its own.
        XCTAssertTrue(try StateDistricts(parsing: "house 10", state: "ID").matches(member("ID", "lower", "10B")))
        XCTAssertFalse(try StateDistricts(parsing: "house 10", state: "MN").matches(member("MN", "lower", "10B")))
        // At-large members and DC's chairman represent everyone.
        let ward = try StateDistricts(parsing: "Ward 1", state: "DC")
        XCTAssertTrue(ward.matches(member("DC", "legislature", "At-Large")))
        XCTAssertTrue(ward.matches(member("DC", "legislature", "Chairman")))
        XCTAssertFalse(ward.matches(member("DC", "legislature", "Ward 2")))
        XCTAssertTrue(
            try StateDistricts(parsing: "senate 3; house 12", state: "PR").matches(member("PR", "upper", "At-Large")))
        XCTAssertTrue(
            try StateDistricts(parsing: "house rockingham   30", state: "NH").matches(
                member("NH", "lower", "Rockingham 30")))
    }

    func testCheckingAgainstTheListsSpellsAsTheyDo() throws {
        let rows = [member("NH", "lower", "Rockingham 30"), member("NH", "lower", "Rockingham 4")]
        XCTAssertEqual(
            try StateDistricts(parsing: "house ROCKINGHAM 30", state: "NH").checked(against: rows).text,
            "house Rockingham 30")
        XCTAssertEqual(
            try StateDistricts(parsing: "senate 9", state: "NH").checked(against: rows).text, "senate 9",
            "no senators in the lists: kept as given")
        XCTAssertThrowsError(try StateDistricts(parsing: "house Rockingham 31", state: "NH").checked(against: rows)) {
            error in
            XCTAssertEqual(
                (error as? StateDistricts.Problem)?.hint,
                "the New Hampshire House of Representatives's districts in the lists are: Rockingham 4, Rockingham 30")
        }
    }
}
