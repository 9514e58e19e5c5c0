import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 15: letters that are true for every sender and every office. Each shipped template is
/// drafted to a resident's own officials and to another city's or state's, every message is
/// checked by Python's parser, and the wording is read for `sanctuary_policy` yes, no and blank.
final class LettersTests: CLITestCase {
    /// Mayors of Oakland (the sender's city) and of Fresno, one for each `sanctuary_policy` value.
    private func policyList() throws -> String {
        let rows = [
            ("o-yes", "Ana Ortiz", "Ortiz", "Oakland", "yes"), ("o-no", "Ben Okafor", "Okafor", "Oakland", "no"),
            ("o-blank", "Cy Olsen", "Olsen", "Oakland", ""), ("f-yes", "Dee Flores", "Flores", "Fresno", "yes"),
            ("f-no", "Eve Fong", "Fong", "Fresno", "No"), ("f-blank", "Flo Fiala", "Fiala", "Fresno", ""),
        ]
        let lines =
            [Self.header + "," + SanctuaryPolicy.column]
            + rows.map { id, name, family, city, policy in
                Self.row(id: id, name: name, family: family, city: city, state: "CA") + "," + policy
            }
        return try folder.write("Recipients/policies.csv", lines.joined(separator: "\n") + "\n")
    }

    /// The checked messages by recipient id, each with the template it was drafted from.
    private func drafted() throws -> [String: (template: String, message: CheckedMessage)] {
        let queued = try letters()
        let checked = try MessageCheck.check(try messages())
        var byId: [String: (template: String, message: CheckedMessage)] = [:]
        for (letter, message) in zip(queued, checked) { byId[letter.recipientId] = (letter.template, message) }
        return byId
    }

    private let thanksForPolicy = "Thank you for our city's policies that limit how local police and city staff"

    func testAResidentsOwnMayorGetsTheResidentsLetterWithTheWordingForItsPolicy() throws {
        try makeOaklandProfile()
        let list = try policyList()
        let result = try outreach(
            "draft", "--to", "mayor", "--recipients", list, "--note", "My neighbors deserve to feel safe calling 911.")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("Letters for residents went only to offices for your city, Oakland, CA."),
            result.stdout)
        let byId = try drafted()
        XCTAssertEqual(Set(byId.keys), ["o-yes", "o-no", "o-blank"], "the default is the sender's own city")
        for (_, letter) in byId {
            XCTAssertEqual(letter.template, "mayor-solidarity")
            XCTAssertEqual(letter.message.subject, "A resident of Oakland stands with our immigrant neighbors")
            XCTAssertTrue(letter.message.text.contains("I live in Oakland, and I am writing"), letter.message.text)
            XCTAssertTrue(letter.message.text.contains("My neighbors deserve to feel safe calling 911."))
            XCTAssertFalse(letter.message.text.contains("{{"))
        }
        let yes = try XCTUnwrap(byId["o-yes"]).message.text
        XCTAssertTrue(yes.contains(thanksForPolicy), yes)
        XCTAssertTrue(yes.contains("Please keep those\npolicies."), yes)
        XCTAssertFalse(yes.contains("I ask you to adopt"), yes)
        let no = try XCTUnwrap(byId["o-no"]).message.text
        XCTAssertFalse(no.contains("Thank you for our city's policies"), no)
        XCTAssertTrue(
            no.contains("I ask you to adopt policies that make that true for every resident of our\ncity."), no)
        let blank = try XCTUnwrap(byId["o-blank"]).message.text
        XCTAssertFalse(blank.contains("Thank you for our city's policies"), blank)
        XCTAssertTrue(blank.contains("I ask you to adopt, or to keep, policies that make that true"), blank)
    }

    func testAnotherCitysMayorGetsALetterThatClaimsNoResidence() throws {
        try makeOaklandProfile()
        let list = try policyList()
        let result = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--city", "Fresno", "--recipients", list, "--note", "From afar.")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains(
                "Drafted 3 letters (batch 1), 2 with mayor-safe-reporting, 1 with mayor-solidarity-elsewhere:"),
            result.stdout)
        XCTAssertFalse(result.stdout.contains("Letters for residents"), result.stdout)
        let byId = try drafted()
        XCTAssertEqual(byId["f-yes"]?.template, "mayor-solidarity-elsewhere")
        XCTAssertEqual(byId["f-no"]?.template, "mayor-safe-reporting")
        XCTAssertEqual(byId["f-blank"]?.template, "mayor-safe-reporting")
        for (_, letter) in byId {
            XCTAssertFalse(letter.message.text.contains("I live in"), letter.message.text)
            XCTAssertFalse(letter.message.text.contains("our city"), letter.message.text)
            XCTAssertTrue(letter.message.text.contains("I am writing from Oakland, CA,"), letter.message.text)
        }
        let yes = try XCTUnwrap(byId["f-yes"]).message
        XCTAssertEqual(yes.subject, "Solidarity with the immigrants of Fresno, from Oakland, CA")
        XCTAssertTrue(yes.text.contains("Fresno has policies that limit how its police and staff take"), yes.text)
        XCTAssertTrue(yes.text.contains("Thank you for\nkeeping them."), yes.text)
        let no = try XCTUnwrap(byId["f-no"]).message
        XCTAssertEqual(no.subject, "Please let every resident of Fresno report a crime without fear")
        XCTAssertTrue(no.text.contains("I ask you to adopt policies that make this possible: for example"), no.text)
        XCTAssertFalse(no.text.contains("Thank you for the policies"), no.text)
        XCTAssertFalse(no.text.contains("keep them"), no.text)
        let blank = try XCTUnwrap(byId["f-blank"]).message.text
        XCTAssertTrue(blank.contains("where the city does not\nhave them, and to keep them where it does"), blank)
        XCTAssertFalse(blank.contains("Thank you for the policies"), blank)
        for letter in [no.text, blank] {
            XCTAssertTrue(letter.contains("I ask you to stand with the officials who have been\nthreatened"), letter)
        }
    }

    func testANamedTemplateKeepsItsWordingTrueForEveryPolicy() throws {
        try makeOaklandProfile()
        let list = try policyList()
        for template in ["mayor-solidarity-elsewhere", "mayor-safe-reporting"] {
            let result = try outreach(
                "draft", "--to", "mayor", "--anywhere", "--recipients", list, "--template", template, "--note", "x")
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let queued = try letters()
        let checked = try MessageCheck.check(try messages())
        XCTAssertEqual(queued.count, 12)
        for (letter, message) in zip(queued, checked) {
            let text = message.text.replacingOccurrences(of: "\n", with: " ")
            let thanks = text.contains("Thank you for keeping them.") || text.contains("Thank you for the policies")
            XCTAssertEqual(thanks, letter.recipientId.hasSuffix("-yes"), "\(letter.template) to \(letter.recipientId)")
            XCTAssertFalse(text.contains("I live in"), text)
        }
        let elsewhereNo = try XCTUnwrap(zip(queued, checked).first { $0.0.recipientId == "f-no" }?.1.text)
        XCTAssertTrue(elsewhereNo.contains("I hope you\nwill support policies in Fresno"), elsewhereNo)
    }

    func testAResidentsTemplateIsRefusedForAnotherCityBeforeAnythingIsWritten() throws {
        try makeOaklandProfile()
        let list = try policyList()
        XCTAssertEqual(try outreach("draft", "--to", "mayor", "--recipients", list, "--note", "x").status, 0)
        let before = databaseBytes()
        let refused = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", list, "--template", "mayor-solidarity", "--again",
            "--note", "x")
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertEqual(
            refused.stderr,
            """
            error: template 'mayor-solidarity' is for residents (sender: resident), and 3 of the offices selected are not yours (your city, Oakland, CA): Mayor, Fresno, CA; Mayor, Fresno, CA; Mayor, Fresno, CA
            hint: templates that fit any sender: mayor-safe-reporting, mayor-solidarity-elsewhere (--template NAME), or leave out --template and each office gets the letter that fits it; or keep to your own offices

            """)
        XCTAssertEqual(databaseBytes(), before, "nothing was written")
        XCTAssertEqual(try letters().count, 3)
    }

    func testAResidentsOwnLegislatorsGetTheConstituentsLetter() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("profile", "set", "state_district", "senate 7; assembly 18").status, 0)
        for role in ["representative", "senator", "state-legislator"] {
            let result = try outreach("draft", "--to", role, "--note", "Please answer.")
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("with template representative-sanctuary"), result.stdout)
        }
        let sent = try outreach("draft", "--to", "representative", "--note", "x", "--again")
        XCTAssertTrue(
            sent.stdout.contains(
                "Letters for residents went only to offices for your district, CA-12 (from ZIP 94612)."),
            sent.stdout)
        let queued = try letters()
        XCTAssertEqual(queued.filter { $0.role == "state-legislator" }.count, 2, "senate 7 and assembly 18")
        for (letter, message) in zip(queued, try MessageCheck.check(try messages())) {
            XCTAssertEqual(letter.template, "representative-sanctuary")
            XCTAssertEqual(
                message.subject,
                "What the Justice Department should do about sanctuary-city officials: a view from Oakland, CA")
            XCTAssertTrue(message.text.contains("I live in Oakland, CA, and I am writing to you"), message.text)
        }
    }

    func testAnotherStatesLegislatorsGetTheOrganizationsLetterOnlyWithAnOrganization() throws {
        try makeOaklandProfile()
        let refused = try outreach(
            "draft", "--to", "senator", "--state", "NY", "--template", "representative-sanctuary", "--note", "x")
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "error: template 'representative-sanctuary' is for residents (sender: resident), and 2 of the offices selected are not yours (your state, CA): Senator, U.S. Senate, NY; Senator, U.S. Senate, NY"
            ), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("hint: templates that fit any sender: organization-sanctuary"))

        let noOrganization = try outreach("draft", "--to", "senator", "--state", "NY", "--note", "x")
        XCTAssertEqual(noOrganization.status, 65, noOrganization.stderr)
        XCTAssertTrue(
            noOrganization.stderr.contains(
                "error: organization-sanctuary, the letter that fits Senator, U.S. Senate, NY (not one of your offices), uses {{sender.organization}}, and your profile has no value for it"
            ), noOrganization.stderr)
        XCTAssertTrue(
            noOrganization.stderr.contains("hint: set it with 'outreach profile set organization VALUE'"),
            noOrganization.stderr)
        XCTAssertEqual(try letters().count, 0)

        XCTAssertEqual(try outreach("profile", "set", "organization", "Neighbors for Safe Cities").status, 0)
        let drafted = try outreach("draft", "--to", "senator", "--state", "NY", "--note", "Our members ask you.")
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let own = try outreach("draft", "--to", "senator", "--template", "organization-sanctuary", "--note", "x")
        XCTAssertEqual(own.status, 0, own.stderr)
        let queued = try letters()
        XCTAssertEqual(queued.map(\.template), Array(repeating: "organization-sanctuary", count: 4))
        for message in try MessageCheck.check(try messages()) {
            XCTAssertEqual(
                message.subject,
                "Neighbors for Safe Cities: what the Justice Department should do about sanctuary-city officials")
            XCTAssertTrue(
                message.text.contains("I am writing on behalf of Neighbors for Safe Cities and its members"),
                message.text)
            XCTAssertTrue(message.text.contains("Dana Rivera\nfor Neighbors for Safe Cities\n"), message.text)
            XCTAssertFalse(message.text.contains("I live in"), message.text)
            XCTAssertFalse(message.text.contains("constituent"), message.text)
        }
    }

    func testAnUnknownSenderRuleAndABadPolicyValueAreBadInput() throws {
        try makeOaklandProfile()
        let csv = Self.header + "\n" + Self.row(id: "m1") + "\n"
        let template = "---\naudience: mayor\nsubject: s\nsender: neighbor\n---\nDear Mayor,\n"
        let unknown = try draftFixture(csv: csv, template: template)
        XCTAssertEqual(unknown.status, 65, unknown.stderr)
        XCTAssertTrue(
            unknown.stderr.contains(
                "error: \(folder.path("Templates"))/letter.txt:4: front matter: 'sender' is 'neighbor'; it takes one of resident, anyone"
            ), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("hint: write 'sender: resident' when"), unknown.stderr)

        let bad = Self.header + ",sanctuary_policy\n" + Self.row(id: "m1") + ",partly\n"
        let result = try draftFixture(csv: bad, template: Self.template(body: "Dear Mayor,\n"))
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "error: \(folder.path("Recipients"))/test.csv:2: field 'sanctuary_policy' is \"partly\", not yes, no or empty"
            ), result.stderr)
        XCTAssertEqual(try letters().count, 0)
    }
}
