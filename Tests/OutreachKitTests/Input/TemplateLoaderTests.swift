import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

final class TemplateLoaderTests: XCTestCase {
    func testShippedTemplatesLoadAndNeedANote() throws {
        let loader = try TemplateLoader(folder: Repository.templates)
        let templates = try loader.loadAll()
        XCTAssertEqual(templates.map(\.name), ["mayor-solidarity", "representative-sanctuary"])
        XCTAssertEqual(templates[0].audience, ["mayor"])
        XCTAssertEqual(templates[1].audience, ["representative", "senator", "state-legislator"])
        for template in templates {
            XCTAssertEqual(template.requires, ["note"])
            XCTAssertTrue(template.fieldNames.contains("note"))
            let words = template.body.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            XCTAssertTrue((180...260).contains(words), "\(template.name) has \(words) words")
        }
    }

    func testTemplateNotFoundListsWhatThereIs() throws {
        let loader = try TemplateLoader(folder: Repository.templates)
        XCTAssertThrowsError(try loader.load(named: "mayor")) { error in
            XCTAssertEqual((error as? InputError)?.hint, "available: mayor-solidarity, representative-sanctuary")
        }
    }

    func testRefusesMustacheFeaturesThatHideText() throws {
        let folder = try TemporaryDirectory()
        for (body, reason) in [
            ("{{> partial}}", "does not allow"), ("{{=<% %>=}}", "does not allow"), ("{{.}}", "not a field name"),
            ("{{/x}}", "never opened"),
        ] {
            try folder.write("t.txt", "---\naudience: mayor\nsubject: s\n---\n\(body)\n")
            XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "t"), body) { error in
                XCTAssertTrue((error as? InputError)?.message.contains(reason) ?? false, "\(error)")
                XCTAssertTrue((error as? InputError)?.message.contains("t.txt:5") ?? false, "\(error)")
            }
        }
    }

    func testRendersTextNotHTML() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "t.txt",
            "---\naudience: mayor\nsubject: \"For {{recipient.name}}\"\n---\nDear {{recipient.name}} & <friends>\n")
        let template = try TemplateLoader(folder: folder.url.path).load(named: "t")
        let profile = Profile(name: "Dana", email: "d@example.org", street: "s", city: "c", state: "CA", zip: "94612")
        let merger = try Merger(template: template, profile: profile, note: nil, date: Date())
        let header = RecipientHeader(file: "r.csv", columns: RecipientColumn.required)
        var values = Array(repeating: "", count: RecipientColumn.required.count)
        values[0] = "1"
        values[2] = "Conan O'Brien & Co"
        values[13] = "1 City Hall"
        let letter = try merger.merge(Recipient(header: header, values: values, line: 2)).get()
        XCTAssertEqual(letter.subject, "For Conan O'Brien & Co")
        XCTAssertTrue(
            String(decoding: letter.message, as: UTF8.self).hasSuffix("\r\n\r\nDear Conan O'Brien & Co & <friends>\r\n")
        )
    }
}
