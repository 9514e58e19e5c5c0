import Foundation
import Mustache
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Generated templates, notes, profiles and recipients through the template parser and the
/// merge, in process. Fails on a crash, on an error that is not an `OutreachError`, on a
/// control character that is accepted, and on a letter that differs from what swift-mustache
/// (the reference implementation) renders for the same template and values.
///
/// swift-mustache has no value sections (`{{#recipient.COLUMN.VALUE}}`): for the reference,
/// each is rewritten as a section on a name of its own, `valuetest.COLUMN.VALUE`, set to true in
/// the context when the recipient's value is VALUE by the rule the README states. What is
/// compared is then everything but that rule: where a value section starts and ends, its
/// standalone lines and blanks, `^` against `#`, nesting with other sections.
final class TemplateMergeFuzzTests: XCTestCase {
    private let date = Date(timeIntervalSince1970: 1_795_939_641)

    /// The subject, single-quoted for YAML.
    private func subject(_ generator: inout SeededGenerator) -> String {
        let pieces = [
            "Hello", " ", "{{recipient.jurisdiction}}", "{{sender.city}}",
            "{{#recipient.phone}}call {{/recipient.phone}}", "{{^recipient.party.yes}}not yes {{/recipient.party.yes}}",
            "Zoë", "\u{202E}", "'", "=?x?=", "{{^note}}no note{{/note}}",
        ]
        let text = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
            pieces.randomElement(using: &generator) ?? ""
        }.joined()
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    private func value(_ generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return ""
        case 1: return Hostile.text(&generator, lines: 2)
        case 2: return ["yes", " YES ", "no", "No\t", "yes no", "\u{202E}yes"].randomElement(using: &generator) ?? ""
        default: return Hostile.line(&generator, pieces: 3)
        }
    }

    /// A value section's tag, `{{#recipient.COLUMN.VALUE}}` (or `^`, `/`): the sigil, the column, the value.
    private static let valueTag = try? NSRegularExpression(
        pattern: #"\{\{([#^/])[ \t]*recipient\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)[ \t]*\}\}"#)

    /// The value rule as the README states it: the same word, without regard to case and to
    /// the spaces (any Unicode space) and tabs around the recipient's value; an empty value is
    /// no value.
    private func isValue(_ text: String, _ word: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.caseInsensitiveCompare(word) == .orderedSame
    }

    /// `text` with each value section on `valuetest.COLUMN.VALUE`, and the values of those names:
    /// true where the recipient's COLUMN is VALUE.
    private func rewritingValueSections(_ text: String, fields: [String: String]) -> (String, [String: Any]) {
        guard let pattern = Self.valueTag else { return (text, [:]) }
        let range = NSRange(text.startIndex..., in: text)
        var tests: [String: [String: Bool]] = [:]
        for match in pattern.matches(in: text, range: range) {
            guard let column = Range(match.range(at: 2), in: text).map({ String(text[$0]) }),
                let word = Range(match.range(at: 3), in: text).map({ String(text[$0]) })
            else { continue }
            if isValue(fields[column] ?? "", word) { tests[column, default: [:]][word] = true }
        }
        let rewritten = pattern.stringByReplacingMatches(
            in: text, range: range, withTemplate: "{{$1valuetest.$2.$3}}")
        return (rewritten, tests)
    }

    /// What swift-mustache renders, in text mode, with the context the merge once gave it: only
    /// non-empty values, recipient fields under `recipient`, profile values under `sender`; and
    /// value sections rewritten (see the type's description).
    /// Nil for text that ends with a lone `{`, which swift-mustache cannot read (it looks for a
    /// second brace past the end) and outreach reads as text.
    private func reference(_ text: String, constants: [String: String], fields: [String: String]) throws -> String? {
        if text.hasSuffix("{") { return nil }
        let (text, tests) = rewritingValueSections(text, fields: fields)
        // The pragma alone on its line is left out whole, so the text starts as written.
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
        var context: [String: Any] = ["valuetest": tests]
        var sender: [String: String] = [:]
        for (key, value) in constants where !value.isEmpty {
            if key.hasPrefix("sender.") { sender[String(key.dropFirst(7))] = value } else { context[key] = value }
        }
        context["sender"] = sender
        context["recipient"] = fields.filter { !$0.value.isEmpty }
        return template.render(context)
    }

    /// The text as MessageBuilder stores it and MessageReader reads it back: every CR LF, CR
    /// and LF one LF, and one at the end. On the bytes, as text would match CR LF as a
    /// character only when nothing combines with it.
    private func asStored(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            if input[index] == 0x0D {
                bytes.append(0x0A)
                index += index + 1 < input.count && input[index + 1] == 0x0A ? 2 : 1
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        if bytes.last != 0x0A { bytes.append(0x0A) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Equal scalar for scalar (String's == equates canonically equivalent text), shown escaped.
    private func assertSame(_ actual: String, _ expected: String, _ message: String, line: UInt = #line) {
        XCTAssertEqual(
            Array(actual.unicodeScalars), Array(expected.unicodeScalars),
            "\(message): \(VisibleText.escaped(actual)) is not \(VisibleText.escaped(expected))", line: line)
    }

    func testTemplatesMergeLiterallyAsTheReferenceRendersThem() throws {
        var sample: [[UInt8]] = []
        var merged = 0
        var withValueSections = 0
        for index in 0..<FuzzSettings.cases(8_000) {
            let label = FuzzSettings.label("template", index)
            var generator = SeededGenerator.forCase("template", index)
            let broken = Hostile.oneIn(4, &generator)
            let body = TemplateGenerator.body(&generator, broken: broken)
            let text = "---\naudience: mayor\nsubject: \(subject(&generator))\n---\n\(body)"
            let template: LetterTemplate
            do {
                template = try TemplateLoader.parse(text, name: "fuzz", file: "fuzz.txt")
            } catch is any OutreachError {
                continue
            } catch {
                XCTFail("\(label): \(error) is not an OutreachError")
                continue
            }
            XCTAssertNil(ControlCharacter.first(in: text), "\(label): accepted \(VisibleText.escaped(text))")

            let profile = Profile(
                name: "Dana Rivera", email: "dana@example.org", street: "1 Broadway",
                city: Hostile.oneIn(5, &generator) ? "Oakland \u{202E}" : "Oakland", state: "CA", zip: "94612",
                phone: Hostile.oneIn(2, &generator) ? "555-0100" : nil)
            let note: String? = Hostile.oneIn(3, &generator) ? nil : Hostile.text(&generator, lines: 2)
            var fields: [String: String] = [:]
            for column in TemplateGenerator.recipientColumns { fields[column] = value(&generator) }
            fields["jurisdiction"] = Hostile.oneIn(4, &generator) ? Hostile.line(&generator) : "Springfield"
            let header = RecipientHeader(file: "r.csv", columns: RecipientColumn.required)
            var values = RecipientColumn.required.map { fields[$0] ?? "" }
            for (column, fixed) in [
                ("id", "r\(index)"), ("role", "mayor"), ("name", "Alex Doe"), ("email", "m\(index)@example.com"),
                ("address", "1 City Hall"),
            ] {
                if let position = RecipientColumn.required.firstIndex(of: column) { values[position] = fixed }
            }
            let recipient = Recipient(header: header, values: values, line: 2)

            let merger: Merger
            do {
                merger = try Merger(template: template, profile: profile, note: note, date: date)
            } catch is any OutreachError {
                continue
            } catch {
                XCTFail("\(label): \(error) is not an OutreachError")
                continue
            }
            guard case .success(let letter) = merger.merge(recipient) else { continue }
            merged += 1
            if Self.valueTag?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                withValueSections += 1
            }
            var constants = profile.templateFields.reduce(into: [String: String]()) {
                $0["sender.\($1.key)"] = $1.value
            }
            constants["note"] = note?.trimmingCharacters(in: .whitespacesAndNewlines)
            constants["date"] = MessageDate.longForm(date)
            let recipientFields = Dictionary(uniqueKeysWithValues: zip(RecipientColumn.required, values))
            let expectedBody = try reference(template.body, constants: constants, fields: recipientFields)
            let expectedSubject = try reference(template.subject, constants: constants, fields: recipientFields)
            let storedBody = MessageReader(letter.message).body
            if let expectedBody {
                assertSame(storedBody, asStored(expectedBody), "\(label): body \(VisibleText.escaped(template.body))")
            }
            if let expectedSubject {
                assertSame(
                    letter.subject, expectedSubject.trimmingCharacters(in: CharacterSet(charactersIn: " \t")),
                    "\(label): subject \(VisibleText.escaped(template.subject))")
            }
            XCTAssertFalse(
                letter.message.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F },
                "\(label): a control character in the message")
            if sample.count < 300 && Hostile.oneIn(4, &generator) { sample.append(letter.message) }
        }
        XCTAssertGreaterThan(merged, FuzzSettings.cases(8_000) / 10, "too few letters merged to compare")
        XCTAssertGreaterThan(
            withValueSections, FuzzSettings.cases(8_000) / 40, "too few letters with value sections to compare")
        // A real parser, both policies, on a sample.
        _ = try MessageCheck.check(sample)
    }
}
