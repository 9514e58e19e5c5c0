import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issues 10, 11 and 15 together: `draft --to mayor,council-member` chooses each recipient's
/// template among its role's, keeps a resident's templates to the sender's own offices, drafts
/// an office once whichever of those templates it would get, and says what it left out.
final class SeveralRolesTests: CLITestCase {
    /// Mayors of Oakland (the sender's city), Fresno and Sacramento, and council members of
    /// Oakland, Berkeley and Springfield, IL, in one list of one's own.
    private func writeList(fresnoPolicy: String = "yes", sacramentoId: String = "m-sac") throws -> String {
        func council(_ id: String, _ name: String, _ city: String, _ state: String) -> String {
            Self.row(id: id, name: name, family: name, city: city, state: state)
                .replacingOccurrences(of: ",mayor,", with: ",council-member,") + ","
        }
        let lines = [
            Self.header + "," + SanctuaryPolicy.column,
            Self.row(id: "m-oak", name: "Ana Ortiz", family: "Ortiz", city: "Oakland", state: "CA") + ",yes",
            Self.row(id: "m-fre", name: "Dee Flores", family: "Flores", city: "Fresno", state: "CA") + ","
                + fresnoPolicy,
            // Another list's id for Sacramento's mayor spells the address with capitals.
            Self.row(
                id: sacramentoId, name: "Sal Soto", family: "Soto", city: "Sacramento", state: "CA",
                email: sacramentoId == "m-sac" ? "mayor@sacramento.example.org" : "Mayor@Sacramento.EXAMPLE.org")
                + ",",
            council("c-oak1", "Ann", "Oakland", "CA"), council("c-oak2", "Bob", "Oakland", "CA"),
            council("c-ber", "Cam", "Berkeley", "CA"), council("c-spr", "Dot", "Springfield", "IL"),
        ]
        return try folder.write("lists/city.csv", lines.joined(separator: "\n") + "\n")
    }

    /// A council-member template of one's own, in the home's templates folder.
    private func writeCouncilTemplate(_ name: String, sender: String, body: String) throws {
        try folder.write(
            "home/templates/\(name).txt",
            "---\naudience: council-member\nsender: \(sender)\nsubject: \"Housing in {{recipient.jurisdiction}}\"\n---\n"
                + body)
    }

    private func draft(_ list: String, _ extra: String...) throws -> RunResult {
        try outreach(["draft", "--to", "mayor,council-member", "--recipients", list, "--note", "Please."] + extra)
    }

    private func templatesById() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try letters().map { ($0.recipientId, $0.template) })
    }

    func testSeveralRolesEachRecipientItsTemplateOncePerOfficeAndWhatWasLeftOut() throws {
        try makeOaklandProfile()
        try writeCouncilTemplate(
            "council-resident", sender: "resident", body: "Dear {{recipient.name}},\nI live here.\n")
        var list = try writeList()

        // Your own officials of both roles, each with the resident's letter of its role.
        let own = try draft(list)
        XCTAssertEqual(own.status, 0, own.stderr)
        XCTAssertTrue(
            own.stdout.contains("Drafted 1 letter to mayor with template mayor-solidarity (batch 1):"), own.stdout)
        XCTAssertTrue(
            own.stdout.contains("Drafted 2 letters to council-member with template council-resident (batch 2):"),
            own.stdout)
        XCTAssertEqual(
            own.stdout.components(separatedBy: "Letters for residents went only to offices for your city, Oakland, CA.")
                .count - 1, 2, own.stdout)
        XCTAssertTrue(
            own.stdout.contains(
                "Left out 2 recipients not in Oakland: you write to your own officials by default; --city NAME or --anywhere includes them."
            ), own.stdout)
        XCTAssertTrue(
            own.stdout.contains(
                "Left out 1 recipient not in CA: you write to your own officials by default; --state ST or --anywhere includes them."
            ), own.stdout)
        XCTAssertEqual(
            try templatesById(),
            ["m-oak": "mayor-solidarity", "c-oak1": "council-resident", "c-oak2": "council-resident"])

        // Everywhere: council members elsewhere have only a resident's letter, so nothing is
        // written, not even the mayors' letters of the same run.
        let before = databaseBytes()
        let refused = try draft(list, "--anywhere")
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "error: every template for 'council-member' is for residents (sender: resident), and 2 of the offices selected are not yours (your city, Oakland, CA)"
            ), refused.stderr)
        XCTAssertEqual(databaseBytes(), before, "nothing was written")

        // With a letter any sender may send, each office gets the one that fits it; the offices
        // written to already are not written to again, whichever template they had.
        try writeCouncilTemplate("council-anyone", sender: "anyone", body: "Dear {{recipient.name}},\nFrom afar.\n")
        let anywhere = try draft(list, "--anywhere")
        XCTAssertEqual(anywhere.status, 0, anywhere.stderr)
        XCTAssertTrue(
            anywhere.stdout.contains(
                "Drafted 2 letters to mayor (batch 3), 1 with mayor-safe-reporting, 1 with mayor-solidarity-elsewhere:"),
            anywhere.stdout)
        XCTAssertTrue(
            anywhere.stdout.contains("Drafted 2 letters to council-member with template council-anyone (batch 4):"),
            anywhere.stdout)
        XCTAssertTrue(anywhere.stdout.contains("Already drafted (1): #1 Ana Ortiz;"), anywhere.stdout)
        XCTAssertTrue(anywhere.stdout.contains("Already drafted (2): #2 Ann, #3 Bob;"), anywhere.stdout)
        XCTAssertFalse(anywhere.stdout.contains("Left out"), anywhere.stdout)
        let chosen = try templatesById()
        XCTAssertEqual(chosen["m-fre"], "mayor-solidarity-elsewhere")
        XCTAssertEqual(chosen["m-sac"], "mayor-safe-reporting")
        XCTAssertEqual(chosen["c-ber"], "council-anyone")
        XCTAssertEqual(chosen["c-spr"], "council-anyone")
        XCTAssertEqual(try MessageCheck.check(try messages()).count, 7)

        // A refreshed list: Fresno's policy changed (it would now get mayor-safe-reporting) and
        // Sacramento's mayor comes under another id and spelling. Neither office is written to again.
        list = try writeList(fresnoPolicy: "no", sacramentoId: "ocd-person/sac")
        let again = try draft(list, "--anywhere")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing new to mayor to draft."), again.stdout)
        XCTAssertTrue(again.stdout.contains("Nothing new to council-member to draft."), again.stdout)
        XCTAssertTrue(again.stdout.contains("Already drafted (2): #1 Ana Ortiz, #4 Dee Flores;"), again.stdout)
        XCTAssertTrue(
            again.stdout.contains(
                "Sal Soto (ocd-person/sac): already drafted to mayor@sacramento.example.org as #5 (m-sac); --again to draft anyway."
            ), again.stdout)
        XCTAssertEqual(try letters().count, 7)

        // --again with a named template is a second letter on purpose, to the offices asked for.
        let named = try outreach(
            "draft", "--to", "mayor", "--recipients", list, "--template", "mayor-safe-reporting", "--city", "Fresno",
            "--anywhere", "--again", "--note", "Again.")
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(try letters().last?.recipientId, "m-fre")
        XCTAssertEqual(try letters().last?.template, "mayor-safe-reporting")
    }
}
