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

    private func recipient(name: String = "Alex Doe", family: String = "Doe", phone: String = "", line: Int = 2)
        -> Recipient
    {
        let header = RecipientHeader(file: "r.csv", columns: RecipientColumn.required)
        var values = Array(repeating: "", count: RecipientColumn.required.count)
        let set: [String: String] = [
            "id": "r\(line)", "role": "mayor", "name": name, "family_name": family, "jurisdiction": "Springfield",
            "email": "mayor\(line)@example.com", "phone": phone, "address": "1 City Hall",
        ]
        for (column, value) in set { values[RecipientColumn.required.firstIndex(of: column) ?? 0] = value }
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
}
