import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Generated recipient files and profiles through the readers and the merge, in process:
/// every one is read or refused with an `OutreachError`, within time, and no control
/// character reaches a message.
final class InputFuzzTests: XCTestCase {
    /// A CSV field: plain, quoted (with doubled quotes and line breaks), or broken.
    private func field(_ generator: inout SeededGenerator) -> String {
        let text =
            Hostile.oneIn(3, &generator) ? Hostile.text(&generator, lines: 2) : Hostile.line(&generator, pieces: 3)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case 1: return "\"" + text  // a quote never closed, now and then
        default: return text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "\n", with: "")
        }
    }

    func testRecipientFilesAreReadOrRefused() throws {
        let folder = try TemporaryDirectory("outreach-fuzz-csv")
        let template = try TemplateLoader.parse(
            "---\naudience: mayor\nsubject: 'For {{recipient.name}}'\n---\nDear {{recipient.family_name}},\n{{#recipient.phone}}{{recipient.phone}}{{/recipient.phone}}\n",
            name: "t", file: "t.txt")
        let profile = Profile(
            name: "Dana Rivera", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA",
            zip: "94612")
        let merger = try Merger(template: template, profile: profile, note: nil, date: Date())
        var rowsMerged = 0
        for index in 0..<FuzzSettings.cases(2_000) {
            let label = FuzzSettings.label("csv", index)
            var generator = SeededGenerator.forCase("csv", index)
            var columns = RecipientColumn.required
            if Hostile.oneIn(6, &generator) { columns.shuffle(using: &generator) }
            if Hostile.oneIn(8, &generator) { columns.removeLast() }
            if Hostile.oneIn(8, &generator) { columns.append(Hostile.line(&generator, pieces: 2)) }
            var text = (Hostile.oneIn(10, &generator) ? "\u{FEFF}" : "") + columns.joined(separator: ",") + "\n"
            for row in 0..<Int.random(in: 0...6, using: &generator) {
                var values = columns.map { _ in field(&generator) }
                // Most rows are usable, so that values reach the merge.
                if !Hostile.oneIn(4, &generator) {
                    for (column, fixed) in [
                        ("id", "r\(row)"), ("role", "mayor"), ("email", "m\(row)@example.com"), ("contact_form", ""),
                    ] {
                        if let position = columns.firstIndex(of: column) { values[position] = fixed }
                    }
                }
                if Hostile.oneIn(10, &generator) { values.removeLast() }
                text += values.joined(separator: ",") + (Hostile.breaks.randomElement(using: &generator) ?? "\n")
            }
            var data = Data(text.utf8)
            if Hostile.oneIn(12, &generator) { data.append(contentsOf: [0xE9, 0x0A]) }
            let file = try folder.write("case.csv", data)
            let start = Date()
            do {
                try RecipientReader(path: file).forEachRow { recipient in
                    guard case .success(let letter) = merger.merge(recipient) else { return }
                    rowsMerged += 1
                    XCTAssertFalse(
                        letter.message.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F },
                        "\(label): a control character in the message")
                }
            } catch is any OutreachError {
            } catch {
                XCTFail("\(label): \(error) is not an OutreachError")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(label): took too long")
        }
        XCTAssertGreaterThan(rowsMerged, 0)
    }

    func testProfilesAreReadOrRefused() throws {
        let folder = try TemporaryDirectory("outreach-fuzz-profile")
        let keys = ["name", "email", "street", "city", "state", "zip", "phone", "district", "state_district", "other"]
        for index in 0..<FuzzSettings.cases(2_000) {
            let label = FuzzSettings.label("profile", index)
            var generator = SeededGenerator.forCase("profile", index)
            var text = ""
            for key in keys where !Hostile.oneIn(6, &generator) {
                let value: String
                switch Int.random(in: 0..<5, using: &generator) {
                case 0:
                    value = "\"\(Hostile.line(&generator, pieces: 3).replacingOccurrences(of: "\"", with: "\\\""))\""
                case 1: value = "'''\(Hostile.text(&generator, lines: 2))'''"
                case 2:
                    value =
                        ["42", "true", "[1, 2]", "{ a = 1 }", "\"\\u001b\"", "\"\\u202e\""].randomElement(
                            using: &generator) ?? "1"
                default:
                    value =
                        [
                            "\"Dana\"", "\"d@example.org\"", "\"CA\"", "\"94612\"", "\"CA-12\"", "\"ZZ-1\"",
                            "\"senate 7\"",
                        ].randomElement(using: &generator) ?? "\"x\""
                }
                text += "\(key) = \(value)\n"
            }
            if Hostile.oneIn(5, &generator) { text += "[smtp]\nurl = \"\(Hostile.line(&generator, pieces: 2))\"\n" }
            let file = URL(fileURLWithPath: try folder.write("profile.toml", text))
            do {
                let profile = try ProfileStore(file: file).load()
                for value in [profile.name, profile.email, profile.street, profile.city] {
                    XCTAssertNil(
                        value.unicodeScalars.first { $0.value < 0x20 || $0.value == 0x7F },
                        "\(label): a control character accepted in \(VisibleText.escaped(value))")
                }
            } catch is any OutreachError {
            } catch {
                XCTFail("\(label): \(error) is not an OutreachError")
            }
        }
    }
}
