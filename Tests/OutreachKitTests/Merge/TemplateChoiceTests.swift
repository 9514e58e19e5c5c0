import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Which template each recipient gets when `draft` chooses, and when a resident's letter is refused.
final class TemplateChoiceTests: XCTestCase {
    private let columns = RecipientColumn.required + [SanctuaryPolicy.column]
    private let oakland = Constituency(
        profile: Profile(
            name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA", zip: "94612"),
        zipDistricts: nil)

    private func mayor(of city: String, policy: String) -> Recipient {
        let values = columns.map { column -> String in
            switch column {
            case "id": return city
            case "role": return "mayor"
            case "jurisdiction": return city
            case "state": return "CA"
            case SanctuaryPolicy.column: return policy
            default: return ""
            }
        }
        return Recipient(header: RecipientHeader(file: "m.csv", columns: columns), values: values, line: 2)
    }

    private func shippedMayorTemplates() throws -> [LetterTemplate] {
        try TemplateLoader(folder: Repository.templates).loadAll(for: .mayor).templates
    }

    private func name(_ pick: TemplateChoice.Pick, _ templates: [LetterTemplate]) -> String {
        switch pick {
        case .template(let index): return templates[index].name
        case .notSendersOffice: return "refused: not the sender's office"
        case .noneWrittenFor: return "refused: no template written for it"
        case .tie(let names): return "tie: \(names.joined(separator: ", "))"
        }
    }

    func testTheShippedMayorLettersByResidenceAndPolicy() throws {
        let templates = try shippedMayorTemplates()
        let choice = TemplateChoice(templates: templates, explicit: false, constituency: oakland)
        XCTAssertNil(choice.alwaysTied())
        let cases: [(String, String, String)] = [
            ("Oakland", "yes", "mayor-solidarity"),
            ("Oakland", "no", "mayor-solidarity"),
            ("Oakland", "", "mayor-solidarity"),
            ("Fresno", "yes", "mayor-solidarity-elsewhere"),
            ("Fresno", "YES ", "mayor-solidarity-elsewhere"),
            ("Fresno", "no", "mayor-safe-reporting"),
            ("Fresno", "", "mayor-safe-reporting"),
        ]
        for (city, policy, expected) in cases {
            XCTAssertEqual(
                name(choice.pick(mayor(of: city, policy: policy)), templates), expected, "\(city), policy '\(policy)'")
        }
    }

    func testANamedTemplateGoesToEveryoneButAResidentsOnlyToTheSendersOwnOffices() throws {
        let templates = try shippedMayorTemplates()
        for template in templates {
            let choice = TemplateChoice(templates: [template], explicit: true, constituency: oakland)
            XCTAssertEqual(name(choice.pick(mayor(of: "Oakland", policy: "no")), [template]), template.name)
            let elsewhere = name(choice.pick(mayor(of: "Fresno", policy: "yes")), [template])
            XCTAssertEqual(
                elsewhere,
                template.sender == .resident ? "refused: not the sender's office" : template.name, template.name)
        }
    }

    func testTiesAndTemplatesWrittenForNoOne() throws {
        let folder = try TemporaryDirectory()
        try folder.write("a.txt", "---\naudience: mayor\nsender: anyone\nsubject: s\n---\nA\n")
        try folder.write("b.txt", "---\naudience: mayor\nsubject: s\n---\nB\n")
        try folder.write(
            "c.txt", "---\naudience: mayor\nsender: resident\nwhere: sanctuary_policy=yes\nsubject: s\n---\nC\n")
        let loader = try TemplateLoader(folder: folder.url.path)
        let same = [try loader.load(named: "a"), try loader.load(named: "b")]
        let tied = TemplateChoice(templates: same, explicit: false, constituency: oakland)
        XCTAssertEqual(tied.alwaysTied(), ["a", "b"], "no sender key means anyone: a and b cannot be told apart")
        XCTAssertEqual(name(tied.pick(mayor(of: "Fresno", policy: "")), same), "tie: a, b")

        let residentOnly = [try loader.load(named: "c")]
        let choice = TemplateChoice(templates: residentOnly, explicit: false, constituency: oakland)
        XCTAssertEqual(name(choice.pick(mayor(of: "Oakland", policy: "yes")), residentOnly), "c")
        XCTAssertEqual(
            name(choice.pick(mayor(of: "Oakland", policy: "no")), residentOnly), "refused: no template written for it")
        XCTAssertEqual(
            name(choice.pick(mayor(of: "Fresno", policy: "yes")), residentOnly), "refused: not the sender's office")
    }
}
