import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 18: the merge has no in-band markers: a template, a note or a field holding any
/// character (the private-use characters the merge once used among them) is merged literally.
final class MergerTests: XCTestCase {
    private let profile = Profile(
        name: "Dana Rivera", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA",
        zip: "94612")

    private func template(subject: String = "Hello {{recipient.jurisdiction}}", _ body: String) throws -> LetterTemplate
    {
        let folder = try TemporaryDirectory()
        try folder.write("t.txt", "---\naudience: mayor\nsubject: \"\(subject)\"\n---\n\(body)")
        return try TemplateLoader(folder: folder.url.path).load(named: "t")
    }

    private func recipient(
        name: String = "Alex Doe", family: String = "Doe", phone: String = "", party: String = "", line: Int = 2,
        extra: [String: String] = [:]
    ) -> Recipient {
        let columns = RecipientColumn.required + extra.keys.sorted()
        let header = RecipientHeader(file: "r.csv", columns: columns)
        var values = Array(repeating: "", count: columns.count)
        let set: [String: String] = [
            "id": "r\(line)", "role": "mayor", "name": name, "family_name": family, "jurisdiction": "Springfield",
            "email": "mayor\(line)@example.com", "phone": phone, "party": party, "address": "1 City Hall",
        ].merging(extra) { $1 }
        for (column, value) in set { values[columns.firstIndex(of: column) ?? 0] = value }
        return Recipient(header: header, values: values, line: line)
    }

    private func body(_ merger: Merger, _ recipient: Recipient) throws -> String {
        let letter = try merger.merge(recipient).get()
        return MessageReader(letter.message).body.replacingOccurrences(of: "\r\n", with: "\n")
    }

    func testNotesHoldingTheOldMarkersAreMergedLiterally() throws {
        let letter = try template("Dear {{recipient.family_name}},\n\n{{note}}\n\n{{sender.name}}\n")
        // Once: a swapped-in field, a letter cut after "I care", a crash (index out of range).
        for note in [
            "I care \u{F8F0}0\u{F8F1} about this", "I care \u{F8F0}99\u{F8F1}", "I care \u{F8F0} and \u{F8F1}",
            "\u{F8F1}0\u{F8F0}{{recipient.name}}", "{{note}} {{sender.email}} {{#x}}",
        ] {
            let merger = try Merger(template: letter, profile: profile, note: note, date: Date())
            XCTAssertEqual(try body(merger, recipient()), "Dear Doe,\n\n\(note)\n\nDana Rivera\n", note)
        }
    }

    func testFieldsAndTemplateTextHoldingAnyCharacterAreMergedLiterally() throws {
        let letter = try template(
            subject: "About \u{F8F0}1\u{F8F1} {{recipient.name}}", "Dear \u{F8F0}0\u{F8F1} {{recipient.family_name}},\n"
        )
        let merger = try Merger(template: letter, profile: profile, note: nil, date: Date())
        let odd = recipient(name: "Alex \u{F8F0}0\u{F8F1}", family: "{{recipient.name}} \u{F8F0}1\u{F8F1}")
        let merged = try merger.merge(odd).get()
        XCTAssertEqual(merged.subject, "About \u{F8F0}1\u{F8F1} Alex \u{F8F0}0\u{F8F1}")
        XCTAssertEqual(
            MessageReader(merged.message).body.replacingOccurrences(of: "\r\n", with: "\n"),
            "Dear \u{F8F0}0\u{F8F1} {{recipient.name}} \u{F8F0}1\u{F8F1},\n")
    }

    func testSectionsOnRecipientFieldsFollowEachRecipient() throws {
        let letter = try template(
            """
            Dear {{recipient.family_name}},
              {{#recipient.phone}}
            Call {{recipient.phone}}{{#sender.phone}} or me at {{sender.phone}}{{/sender.phone}}.
              {{/recipient.phone}}
            {{^recipient.phone}}
            Write back.
            {{/recipient.phone}}
            {{! a comment alone on its line }}
            {{#note}}Note: {{note}}{{/note}}{{^note}}No note.{{/note}}
            Bye

            """)
        let merger = try Merger(template: letter, profile: profile, note: "Thanks", date: Date())
        XCTAssertEqual(
            try body(merger, recipient(phone: "555-0100")), "Dear Doe,\nCall 555-0100.\nNote: Thanks\nBye\n")
        XCTAssertEqual(try body(merger, recipient(phone: "")), "Dear Doe,\nWrite back.\nNote: Thanks\nBye\n")
    }

    func testAnEmptyValueShownOnlyForSomeRecipientsIsRefusedForThem() throws {
        let letter = try template(
            "Dear {{recipient.family_name}},\n{{#recipient.phone}}Call {{sender.phone}}.{{/recipient.phone}}\n")
        let merger = try Merger(template: letter, profile: profile, note: nil, date: Date())
        XCTAssertEqual(try body(merger, recipient(phone: "")), "Dear Doe,\n\n")
        guard case .failure(let problems) = merger.merge(recipient(phone: "555")) else { return XCTFail("merged") }
        XCTAssertEqual(problems.problems.count, 1)
        XCTAssertEqual(
            problems.problems.first as? MergeError,
            .emptyField(
                template: SourceLocation(file: letter.file, line: 6), recipient: SourceLocation(file: "r.csv", line: 2),
                field: "sender.phone"))
        guard case .failure(let empty) = merger.merge(recipient(family: "")) else { return XCTFail("merged") }
        XCTAssertEqual(
            empty.problems.first as? MergeError,
            .emptyField(
                template: SourceLocation(file: letter.file, line: 5), recipient: SourceLocation(file: "r.csv", line: 2),
                field: "recipient.family_name"))
    }

    /// Issue 15 in the merge of issue 18: value sections are slots like any section on a
    /// recipient field, decided per letter; a value that spells a tag is still copied literally.
    func testValueSectionsFollowEachRecipientsValue() throws {
        let subject =
            "{{#recipient.party.yes}}Thanks{{/recipient.party.yes}}"
            + "{{^recipient.party.yes}}Please{{/recipient.party.yes}}, {{recipient.jurisdiction}}"
        let letter = try template(
            subject: subject,
            """
            Dear {{recipient.family_name}},
            {{#recipient.party.yes}}
            Thank you{{#recipient.phone}}; I will call {{recipient.phone}}{{/recipient.phone}}.
            {{/recipient.party.yes}}
            {{^recipient.party.yes}}
              {{#recipient.party.no}}
            Please adopt it.
              {{/recipient.party.no}}
            {{^recipient.party}}
            Please adopt or keep it.
            {{/recipient.party}}
            {{/recipient.party.yes}}
            Bye

            """)
        let merger = try Merger(template: letter, profile: profile, note: nil, date: Date())
        func party(_ value: String, phone: String = "") -> Recipient { recipient(phone: phone, party: value) }
        XCTAssertEqual(try body(merger, party(" YES ", phone: "555")), "Dear Doe,\nThank you; I will call 555.\nBye\n")
        XCTAssertEqual(try merger.merge(party("yes")).get().subject, "Thanks, Springfield")
        XCTAssertEqual(try body(merger, party("No")), "Dear Doe,\nPlease adopt it.\nBye\n")
        XCTAssertEqual(try merger.merge(party("no")).get().subject, "Please, Springfield")
        XCTAssertEqual(try body(merger, party("")), "Dear Doe,\nPlease adopt or keep it.\nBye\n")
        // Neither yes nor no, nor empty: no paragraph, as the template says.
        XCTAssertEqual(try body(merger, party("{{#recipient.party.yes}}")), "Dear Doe,\nBye\n")
        XCTAssertEqual(try body(merger, party("yes no")), "Dear Doe,\nBye\n")
    }

    func testAValueTestIsNotTextAndNamesWithSpacesGetTheColumnToWrite() throws {
        XCTAssertThrowsError(try template("Hi\n{{recipient.party.yes}}\n")) { error in
            XCTAssertTrue(
                (error as? InputError)?.message.hasSuffix(
                    "t.txt:6: {{recipient.party.yes}} tests whether party is yes; it is not text to print") ?? false,
                "\(error)")
            XCTAssertEqual((error as? InputError)?.exitCode, 65)
        }
        XCTAssertThrowsError(try template("Dear {{recipient.First Name}},\n")) { error in
            XCTAssertEqual(
                (error as? InputError)?.hint,
                "write it {{recipient.given_name}}: list columns are lower case with '_' between words (the import writes \"First Name\" as given_name)"
            )
        }
        // A list column keeps a spreadsheet header's letters (`Prénom` → `prénom`): a name may use them.
        let letter = try template("Bonjour {{recipient.prénom}},\n")
        let merger = try Merger(template: letter, profile: profile, note: nil, date: Date())
        XCTAssertEqual(try body(merger, recipient(extra: ["prénom": "Zoë"])), "Bonjour Zoë,\n")
        // Never an invisible character in a name.
        XCTAssertThrowsError(try template("Dear {{recipient.family\u{200B}name}},\n"))
    }
}
