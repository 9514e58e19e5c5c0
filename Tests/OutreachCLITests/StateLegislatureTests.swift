import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Every state's legislators: `profile set state_district`, `whoami`, and drafting to your own.
final class StateLegislatureTests: CLITestCase {
    /// The shipped legislators of `state` (as the importer wrote them).
    func legislators(_ state: String) throws -> [Recipient] {
        try RecipientReader(path: "\(Repository.recipients)/state-legislators-\(state.lowercased()).csv").readAll()
    }

    func profile(city: String, state: String, zip: String) throws {
        let result = try outreach(
            "init", "--force", "--name", "Dana Rivera", "--email", "dana.rivera@example.org", "--street", "1 Main St",
            "--city", city, "--state", state, "--zip", zip)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testEveryStateDCAndPuertoRicoShip() throws {
        let codes = USState.codes.subtracting(["AS", "GU", "MP", "VI"])
        XCTAssertEqual(codes.count, 52)
        for state in codes.sorted() {
            let rows = try legislators(state)
            let legislature = StateLegislature(state: state)
            XCTAssertGreaterThan(rows.count, 10, state)
            XCTAssertEqual(Set(rows.map { $0["chamber"] }), Set(legislature.chambers.map(\.type)), state)
            XCTAssertEqual(Set(rows.map { $0["jurisdiction"] }), Set(legislature.chambers.map(\.name)), state)
        }
        XCTAssertEqual(Set(try legislators("NE").map { $0["title"] }), ["Senator"])
        XCTAssertEqual(Set(try legislators("DC").map { $0["title"] }), ["Councilmember"])
        XCTAssertEqual(Set(try legislators("MD").filter { $0["chamber"] == "lower" }.map { $0["title"] }), ["Delegate"])
    }

    func testWhoamiListsYourLegislatorsByDistrict() throws {
        try makeOaklandProfile()
        let without = try outreach("whoami")
        XCTAssertTrue(without.stdout.contains("your districts are not in your profile"), without.stdout)
        XCTAssertTrue(
            without.stdout.contains("outreach profile set state_district \"senate N; assembly N\""), without.stdout)

        let set = try outreach("profile", "set", "state_district", "Senate District 7; assembly 018")
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(set.stdout, "state_district = senate 7; assembly 18\n")
        let rows = try legislators("CA")
        let senator = try XCTUnwrap(rows.first { $0["chamber"] == "upper" && $0.district == "7" })
        let member = try XCTUnwrap(rows.first { $0["chamber"] == "lower" && $0.district == "18" })
        let mine = try outreach("whoami")
        XCTAssertEqual(mine.status, 0, mine.stderr)
        XCTAssertTrue(
            mine.stdout.contains(
                "State legislature (senate 7; assembly 18):\n  California State Senate, district 7:\n    \(senator.name), Senator, California State Senate (7)"
            ), mine.stdout)
        XCTAssertTrue(
            mine.stdout.contains(
                "  California State Assembly, district 18:\n    \(member.name), Assemblymember, California State Assembly (18)"
            ), mine.stdout)

        // Drafting to state legislators by default now means yours: these two.
        let draft = try outreach("draft", "--to", "state-legislator", "--note", "hi")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertEqual(Set(try letters().map(\.recipientId)), [senator.id, member.id])
    }

    func testMultiMemberAndNamedDistricts() throws {
        try profile(city: "Derry", state: "NH", zip: "03038")
        let set = try outreach("profile", "set", "state_district", "house rockingham 30")
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(set.stdout, "state_district = house Rockingham 30\n", "spelled as the lists do")
        let members = try legislators("NH").filter { $0.district == "Rockingham 30" }
        XCTAssertGreaterThan(members.count, 1, "Rockingham 30 elects several members")
        let whoami = try outreach("whoami")
        for member in members {
            XCTAssertTrue(whoami.stdout.contains("    \(member.name), Representative"), whoami.stdout)
        }
        XCTAssertTrue(
            whoami.stdout.contains("New Hampshire Senate: your district is not in your profile"), whoami.stdout)

        XCTAssertEqual(
            try outreach(
                "init", "--force", "--name", "D", "--email", "d@example.org", "--street", "1", "--city", "Burlington",
                "--state", "VT", "--zip", "05401", "--state-district", "senate chittenden central; house Chittenden-17"
            ).status, 0)
        let vermont = try outreach("profile", "show", "--json")
        XCTAssertEqual(
            try JSONDecoder().decode([String: String].self, from: Data(vermont.stdout.utf8))["state_district"],
            "senate Chittenden Central; house Chittenden-17")
        let vt = try legislators("VT")
        let chittenden17 = vt.filter { $0.district == "Chittenden-17" }.map(\.name)
        let listed = try outreach(
            "recipients", "list", "--to", "state-legislator", "--state", "VT", "--district", "Chittenden-17", "--json")
        XCTAssertEqual(
            try JSONDecoder().decode([[String: String]].self, from: Data(listed.stdout.utf8)).compactMap { $0["name"] }
                .sorted(), chittenden17.sorted())
        XCTAssertFalse(chittenden17.isEmpty)
    }

    func testOneChamberLegislatures() throws {
        try profile(city: "Lincoln", state: "NE", zip: "68508")
        XCTAssertEqual(try outreach("profile", "set", "state_district", "13").stdout, "state_district = 13\n")
        let senator = try XCTUnwrap(try legislators("NE").first { $0.district == "13" })
        XCTAssertTrue(
            try outreach("whoami").stdout.contains(
                "Nebraska Legislature, district 13:\n    \(senator.name), Senator, Nebraska Legislature (13)"))
        let chamber = try outreach("profile", "set", "state_district", "senate 13")
        XCTAssertEqual(chamber.status, 65)
        XCTAssertTrue(
            chamber.stderr.contains(
                "error: profile key 'state_district': \"senate 13\" names a chamber, but Nebraska has one (Nebraska Legislature)"
            ), chamber.stderr)

        try outreach(
            "init", "--force", "--name", "D", "--email", "d@example.org", "--street", "1", "--city", "Washington",
            "--state", "DC", "--zip", "20001")
        XCTAssertEqual(try outreach("profile", "set", "state_district", "ward 1").stdout, "state_district = Ward 1\n")
        let council = try legislators("DC")
        let mine = council.filter { ["Ward 1", "At-Large", "Chairman"].contains($0.district) }
        let whoami = try outreach("whoami").stdout
        for member in council {
            XCTAssertEqual(
                whoami.contains(member.name), mine.contains { $0.id == member.id },
                "\(member.name) (\(member.district))")
        }
        XCTAssertEqual(try outreach("profile", "set", "state_district", "ward 9").status, 65)
    }

    func testStateDistrictsAreChecked() throws {
        try makeOaklandProfile()
        let bare = try outreach("profile", "set", "state_district", "18")
        XCTAssertEqual(bare.status, 65)
        XCTAssertTrue(
            bare.stderr.contains(
                "does not say which chamber '18' is in; California elects its senate and its assembly by separate districts"
            ), bare.stderr)
        XCTAssertTrue(
            bare.stderr.contains("hint: for example: outreach profile set state_district \"senate N; assembly N\""),
            bare.stderr)
        let unknown = try outreach("profile", "set", "state_district", "senate 99")
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(
            unknown.stderr.contains(
                "names '99', but no current member of the California State Senate sits for a district of that name"),
            unknown.stderr)
        XCTAssertTrue(
            unknown.stderr.contains("hint: the California State Senate's districts in the lists are: 1, 2, 3,"),
            unknown.stderr)
        let twice = try outreach("profile", "set", "state_district", "senate 7; senate 8")
        XCTAssertEqual(twice.status, 65)
        XCTAssertTrue(twice.stderr.contains("names the senate twice"), twice.stderr)
        XCTAssertEqual(try outreach("profile", "set", "state_district", "senate 7").status, 0)
        // Another state's districts do not survive a change of state.
        let moved = try outreach("profile", "set", "state", "NE")
        XCTAssertTrue(
            moved.stderr.contains("note: the state districts senate 7 were CA's and have been cleared"), moved.stderr)
        XCTAssertTrue(try outreach("profile", "show").stdout.contains("state_district  (not set)"))
    }
}
