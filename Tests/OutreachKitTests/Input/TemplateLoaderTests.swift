import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

final class TemplateLoaderTests: XCTestCase {
    func testShippedTemplatesLoadAndNeedANote() throws {
        let loader = try TemplateLoader(folder: Repository.templates)
        let templates = try loader.loadAll()
        XCTAssertEqual(
            templates.map { "\($0.name) \($0.audience.joined(separator: ",")) \($0.sender.rawValue)" },
            [
                "mayor-safe-reporting mayor anyone", "mayor-solidarity mayor resident",
                "mayor-solidarity-elsewhere mayor anyone",
                "organization-sanctuary representative,senator,state-legislator anyone",
                "representative-sanctuary representative,senator,state-legislator resident",
            ])
        for template in templates {
            XCTAssertEqual(template.topic, "Immigration")
            XCTAssertEqual(template.requires, ["note"])
            XCTAssertTrue(template.fieldNames.contains("note"))
            let words = template.body.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            XCTAssertTrue((180...260).contains(words), "\(template.name) has \(words) words")
        }
    }

    func testTemplateNotFoundListsWhatThereIs() throws {
        let loader = try TemplateLoader(folder: Repository.templates)
        XCTAssertThrowsError(try loader.load(named: "mayor")) { error in
            XCTAssertEqual(
                (error as? InputError)?.hint,
                "available: mayor-safe-reporting, mayor-solidarity, mayor-solidarity-elsewhere, organization-sanctuary, representative-sanctuary"
            )
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

    func testSenderWhereAndValueTestsAreChecked() throws {
        let folder = try TemporaryDirectory()
        let cases: [(String, String, String)] = [
            (
                "sender: residents\n",
                "t.txt:3: front matter: 'sender' is 'residents'; it takes one of resident, anyone", ""
            ),
            ("sender: [resident, anyone]\n", "t.txt:3: front matter: 'sender' is 'resident', 'anyone'", ""),
            ("where: sanctuary_policy\n", "t.txt:3: front matter: 'where' holds \"sanctuary_policy\"", ""),
            ("", "t.txt:7: {{recipient.sanctuary_policy.yes}} tests whether sanctuary_policy is yes", "x"),
        ]
        for (line, message, variable) in cases {
            let body = variable.isEmpty ? "Hello\n" : "Hello\n\n{{recipient.sanctuary_policy.yes}}\n"
            try folder.write("t.txt", "---\naudience: mayor\n\(line)subject: s\n---\n\(body)")
            XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "t"), line) { error in
                let problem = error as? InputError
                XCTAssertTrue(problem?.message.contains(message) ?? false, "\(error)")
                XCTAssertEqual(problem?.exitCode, 65)
            }
        }
        try folder.write(
            "t.txt",
            "---\naudience: mayor\nsender: resident\nwhere: [sanctuary_policy=no, sanctuary_policy=]\nsubject: s\n---\nx\n"
        )
        let template = try TemplateLoader(folder: folder.url.path).load(named: "t")
        XCTAssertEqual(template.sender, .resident)
        XCTAssertEqual(
            template.conditions.map { "\($0.column)=\($0.value)" }, ["sanctuary_policy=no", "sanctuary_policy="])
    }

    func testValueSectionsChooseTheWordingAndTheColumnIsOptional() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "t.txt",
            """
            ---
            audience: mayor
            subject: s
            ---
            Dear Mayor,
            {{#recipient.sanctuary_policy.yes}}
            Thank you.
            {{/recipient.sanctuary_policy.yes}}
            {{#recipient.sanctuary_policy.no}}
            Please adopt.
            {{/recipient.sanctuary_policy.no}}
            {{^recipient.sanctuary_policy}}
            Please adopt or keep.
            {{/recipient.sanctuary_policy}}
            End.

            """)
        let template = try TemplateLoader(folder: folder.url.path).load(named: "t")
        let profile = Profile(name: "Dana", email: "d@example.org", street: "s", city: "c", state: "CA", zip: "94612")
        let merger = try Merger(template: template, profile: profile, note: nil, date: Date())
        func text(_ columns: [String], _ policy: String?) throws -> String {
            let header = RecipientHeader(file: "r.csv", columns: columns)
            try merger.checkColumns(of: header, firstRow: SourceLocation(file: "r.csv", line: 2))
            var values = Array(repeating: "", count: columns.count)
            values[0] = "1"
            values[2] = "Alex Doe"
            values[13] = "1 City Hall"
            if let policy { values[columns.count - 1] = policy }
            let letter = try merger.merge(Recipient(header: header, values: values, line: 2)).get()
            let message = String(decoding: letter.message, as: UTF8.self)
            return String(message[message.range(of: "\r\n\r\n")!.upperBound...])
        }
        let withColumn = RecipientColumn.required + [SanctuaryPolicy.column]
        XCTAssertEqual(try text(withColumn, "yes"), "Dear Mayor,\r\nThank you.\r\nEnd.\r\n")
        XCTAssertEqual(try text(withColumn, "Yes"), "Dear Mayor,\r\nThank you.\r\nEnd.\r\n")
        XCTAssertEqual(try text(withColumn, "no"), "Dear Mayor,\r\nPlease adopt.\r\nEnd.\r\n")
        XCTAssertEqual(try text(withColumn, ""), "Dear Mayor,\r\nPlease adopt or keep.\r\nEnd.\r\n")
        XCTAssertEqual(
            try text(RecipientColumn.required, nil), "Dear Mayor,\r\nPlease adopt or keep.\r\nEnd.\r\n",
            "no such column")
    }

    func testASanctuaryPolicyIsYesNoOrEmpty() throws {
        let columns = RecipientColumn.required + [SanctuaryPolicy.column]
        func row(_ value: String) -> Recipient {
            var values = Array(repeating: "", count: columns.count)
            values[columns.count - 1] = value
            return Recipient(header: RecipientHeader(file: "r.csv", columns: columns), values: values, line: 4)
        }
        XCTAssertEqual(try SanctuaryPolicy.recorded(for: row(" YES ")), .yes)
        XCTAssertEqual(try SanctuaryPolicy.recorded(for: row("no")), .no)
        XCTAssertNil(try SanctuaryPolicy.recorded(for: row("")))
        XCTAssertThrowsError(try SanctuaryPolicy.recorded(for: row("partly"))) { error in
            XCTAssertEqual(
                (error as? InputError)?.message, "r.csv:4: field 'sanctuary_policy' is \"partly\", not yes, no or empty"
            )
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
