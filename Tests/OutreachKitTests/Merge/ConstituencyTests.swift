import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Which offices are the sender's own, for templates with `sender: resident`.
final class ConstituencyTests: XCTestCase {
    private let columns = RecipientColumn.required + ["chamber"]

    /// A recipient row: role, jurisdiction, state, district, chamber.
    private func recipient(
        _ role: String, _ jurisdiction: String, _ state: String, district: String = "", chamber: String = ""
    ) -> Recipient {
        let values = columns.map { column -> String in
            switch column {
            case "id": return "r"
            case "role": return role
            case "jurisdiction": return jurisdiction
            case "state": return state
            case "district": return district
            case "chamber": return chamber
            default: return ""
            }
        }
        return Recipient(header: RecipientHeader(file: "r.csv", columns: columns), values: values, line: 2)
    }

    private func profile(district: String? = nil, stateDistrict: String? = nil, zip: String = "94612") -> Profile {
        Profile(
            name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA", zip: zip,
            district: district, stateDistrict: stateDistrict)
    }

    private func zipTable() throws -> ZipDistricts {
        let folder = try TemporaryDirectory()
        return try ZipDistricts(
            file: try folder.write("zip-districts.tsv", "# test\n94612\tCA-12\n94706\tCA-7 CA-12\n"))
    }

    func testLocalOfficesGoByCityAndStateStateOfficesByState() throws {
        let own = Constituency(profile: profile(), zipDistricts: nil)
        let cases: [(Recipient, Bool, String)] = [
            (recipient("mayor", "Oakland", "CA"), true, "the sender's city"),
            (recipient("mayor", " oakland ", "ca"), true, "case and spaces do not count"),
            (recipient("mayor", "Fresno", "CA"), false, "another city in the state"),
            (recipient("mayor", "Oakland", "MI"), false, "a city of the same name in another state"),
            (recipient("senator", "U.S. Senate", "CA"), true, "senators serve the whole state"),
            (recipient("senator", "U.S. Senate", "NY"), false, "another state's senators"),
            (recipient("city-council", "Oakland", "CA"), true, "a role of one's own lists is local"),
            (recipient("city-council", "Berkeley", "CA"), false, "another city's council"),
        ]
        for (office, expected, why) in cases {
            XCTAssertEqual(own.includes(office), expected, why)
        }
        XCTAssertEqual(own.basis(for: .mayor), "your city, Oakland, CA")
        XCTAssertEqual(own.basis(for: .senator), "your state, CA")
    }

    func testARepresentativesDistrictCountsWhereItIsCertain() throws {
        let table = try zipTable()
        let set = Constituency(profile: profile(district: "CA-7"), zipDistricts: table)
        XCTAssertTrue(set.includes(recipient("representative", "U.S. House", "CA", district: "7")))
        XCTAssertFalse(set.includes(recipient("representative", "U.S. House", "CA", district: "12")))
        XCTAssertEqual(set.basis(for: .representative), "your district, CA-7")

        let fromZIP = Constituency(profile: profile(), zipDistricts: table)
        XCTAssertTrue(fromZIP.includes(recipient("representative", "U.S. House", "CA", district: "12")))
        XCTAssertFalse(fromZIP.includes(recipient("representative", "U.S. House", "CA", district: "13")))
        XCTAssertEqual(fromZIP.basis(for: .representative), "your district, CA-12 (from ZIP 94612)")

        // A ZIP in two districts leaves the state alone checked, and says so.
        let spanning = Constituency(profile: profile(zip: "94706"), zipDistricts: table)
        XCTAssertTrue(spanning.includes(recipient("representative", "U.S. House", "CA", district: "13")))
        XCTAssertFalse(spanning.includes(recipient("representative", "U.S. House", "NV", district: "1")))
        XCTAssertTrue(spanning.basis(for: .representative).hasPrefix("your state, CA (your district is not certain"))
    }

    func testStateLegislatorsByTheProfilesStateDistrictsElseByState() throws {
        let districts = Constituency(profile: profile(stateDistrict: "senate 7; assembly 18"), zipDistricts: nil)
        XCTAssertTrue(
            districts.includes(recipient("state-legislator", "Senate", "CA", district: "7", chamber: "upper")))
        XCTAssertTrue(
            districts.includes(recipient("state-legislator", "Assembly", "CA", district: "18", chamber: "lower")))
        XCTAssertFalse(
            districts.includes(recipient("state-legislator", "Assembly", "CA", district: "7", chamber: "lower")))
        XCTAssertEqual(districts.basis(for: .stateLegislator), "your state districts, senate 7; assembly 18 (CA)")

        let state = Constituency(profile: profile(), zipDistricts: nil)
        XCTAssertTrue(state.includes(recipient("state-legislator", "Assembly", "CA", district: "7", chamber: "lower")))
        XCTAssertFalse(state.includes(recipient("state-legislator", "Assembly", "NV", district: "7", chamber: "lower")))
        XCTAssertEqual(
            state.basis(for: .stateLegislator), "your state, CA (set state_district to keep to your own legislators)")
    }
}
