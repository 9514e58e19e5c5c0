import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Which state legislators are the sender's own: by the profile's `state_district`, chamber by chamber.
final class OwnOfficialsTests: XCTestCase {
    private let columns = RecipientColumn.required + ["chamber"]

    /// A state legislator's row: id, state, chamber, district, term end.
    private func row(_ id: String, _ state: String, _ chamber: String, _ district: String, ended: Bool = false)
        -> String
    {
        let values = columns.map { column -> String in
            switch column {
            case "id": return id
            case "role": return Role.stateLegislator.rawValue
            case "name": return "Member \(id)"
            case "state": return state
            case "district": return district
            case "chamber": return chamber
            case "term_end": return ended ? "2020-01-01" : ""
            default: return ""
            }
        }
        return values.joined(separator: ",")
    }

    private func officials(_ rows: [String], state: String, stateDistrict: String?) throws -> OwnOfficials {
        let folder = try TemporaryDirectory()
        let file = try folder.write("lists.csv", ([columns.joined(separator: ",")] + rows).joined(separator: "\n"))
        let profile = Profile(
            name: "Dana", email: "dana@example.org", street: "1 Main St", city: "Town", state: state, zip: "00000",
            stateDistrict: stateDistrict)
        return try OwnOfficials(
            profile: profile, recipients: try RecipientReader(path: file), zipDistricts: nil, today: "2026-11-29")
    }

    func testSeatsPerChamberWithMembersForTheProfilesDistricts() throws {
        let rows = [
            row("s7", "CA", "upper", "7"), row("s8", "CA", "upper", "8"), row("a18", "CA", "lower", "18"),
            row("a18old", "CA", "lower", "18", ended: true), row("ny", "NY", "upper", "7"),
        ]
        let both = try officials(rows, state: "CA", stateDistrict: "senate 7; assembly 18")
        XCTAssertEqual(both.stateLegislatorCount, 3, "current, in the profile's state")
        XCTAssertEqual(both.stateDistricts?.text, "senate 7; assembly 18")
        XCTAssertEqual(both.stateSeats.map(\.chamber.type), ["upper", "lower"])
        XCTAssertEqual(both.stateSeats.map(\.district), ["7", "18"])
        XCTAssertEqual(both.stateSeats.map { $0.members.map(\.id) }, [["s7"], ["a18"]])

        let senateOnly = try officials(rows, state: "CA", stateDistrict: "senate 8")
        XCTAssertEqual(senateOnly.stateSeats.map(\.district), ["8", nil], "the assembly district is not known")
        XCTAssertEqual(senateOnly.stateSeats.map { $0.members.map(\.id) }, [["s8"], []])

        let none = try officials(rows, state: "CA", stateDistrict: nil)
        XCTAssertNil(none.stateDistricts)
        XCTAssertTrue(none.stateSeats.isEmpty)
        XCTAssertEqual(none.stateLegislature.example, "senate N; assembly N")
    }

    func testOneChamberAndAtLargeSeats() throws {
        let rows = [
            row("w1", "DC", "legislature", "Ward 1"), row("w2", "DC", "legislature", "Ward 2"),
            row("al", "DC", "legislature", "At-Large"), row("ne13", "NE", "", "13"),
        ]
        let dc = try officials(rows, state: "DC", stateDistrict: "Ward 1")
        XCTAssertEqual(dc.stateSeats.map(\.district), ["Ward 1"])
        XCTAssertEqual(dc.stateSeats.first?.members.map(\.id), ["w1", "al"], "at-large members are everyone's")
        let nebraska = try officials(rows, state: "NE", stateDistrict: "13")
        XCTAssertEqual(nebraska.stateSeats.first?.members.map(\.id), ["ne13"], "an empty chamber is the one chamber")
    }
}
