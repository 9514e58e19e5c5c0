import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

final class TemplateLoaderTests: XCTestCase {
    func testShippedTemplatesLoadAndNeedANote() throws {
        let loader = try TemplateLoader(folder: Repository.templates)
        let templates = try loader.names().map { try loader.load(named: $0) }
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

    /// Issue 18: 3,000 nested sections crashed (SIGSEGV), 40,000 used 19 GB.
    func testSectionsNestedPastTheLimitAreRefused() throws {
        let folder = try TemporaryDirectory()
        func nested(_ depth: Int) -> String {
            String(repeating: "{{#sender.name}}\n", count: depth) + "x\n"
                + String(repeating: "{{/sender.name}}\n", count: depth)
        }
        try folder.write("ok.txt", "---\naudience: mayor\nsubject: s\n---\n\(nested(InputLimits.sectionDepth))")
        XCTAssertNoThrow(try TemplateLoader(folder: folder.url.path).load(named: "ok"))
        for depth in [InputLimits.sectionDepth + 1, 3_000] {
            try folder.write("deep.txt", "---\naudience: mayor\nsubject: s\n---\nDear,\n\(nested(depth))")
            XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "deep")) { error in
                XCTAssertEqual(
                    (error as? InputError)?.message,
                    "\(folder.path("deep.txt")):38: sections are nested more than 32 deep")
            }
        }
        // 40,000 deep is past the size limit before it is parsed.
        try folder.write("deep.txt", "---\naudience: mayor\nsubject: s\n---\nDear,\n\(nested(40_000))")
        XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "deep")) { error in
            XCTAssertEqual(
                error as? InputError,
                .fileTooLarge(path: folder.path("deep.txt"), what: "the template", limit: InputLimits.templateBytes))
        }
    }

    /// Issue 18: a YAML "billion laughs" in the front matter grew without bound.
    func testYAMLAnchorsAndAliasesAreRefused() throws {
        let folder = try TemporaryDirectory()
        var laughs = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        for frontMatter in [
            "audience: mayor\nsubject: s\n" + laughs, "audience: &r mayor\nsubject: *r\n",
            "audience: mayor\nsubject: {*x : y}\n",
        ] {
            try folder.write("t.txt", "---\n\(frontMatter)---\nDear,\n")
            XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "t")) { error in
                guard case .badFrontMatter(_, let reason, _) = error as? InputError else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("outreach allows neither"), reason)
            }
        }
        // Text with & and * in it is fine.
        try folder.write("t.txt", "---\naudience: mayor\nsubject: \"Parks & rec, 5 * 3, R&D\"\n---\nDear,\n")
        XCTAssertEqual(try TemplateLoader(folder: folder.url.path).load(named: "t").subject, "Parks & rec, 5 * 3, R&D")
    }

    func testATemplatePastTheSizeLimitIsRefused() throws {
        let folder = try TemporaryDirectory()
        let line = String(repeating: "word ", count: 19) + "\n"
        try folder.write(
            "big.txt", "---\naudience: mayor\nsubject: s\n---\n" + String(repeating: line, count: 3_000))
        XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "big")) { error in
            XCTAssertEqual(
                error as? InputError,
                .fileTooLarge(path: folder.path("big.txt"), what: "the template", limit: InputLimits.templateBytes))
        }
    }

    /// Issue 18: what is reviewed is what is sent: a template may hold tabs and line breaks,
    /// no other control character, in its text or in a YAML value.
    func testControlCharactersInATemplateAreRefusedWithTheirLine() throws {
        let folder = try TemporaryDirectory()
        for (text, line, character) in [
            ("---\naudience: mayor\nsubject: s\n---\nDear,\n\u{1B}[8mhidden\u{1B}[0m\n", 6, "\\x1b (ESC)"),
            ("---\naudience: mayor\nsubject: s\n---\nDear,\nnul\u{0}\n", 6, "\\x00 (NUL)"),
            ("---\naudience: mayor\nsubject: s\n---\nshown\rhidden\n", 5, "\\r (carriage return without a line feed)"),
            ("---\naudience: mayor\nsubject: \"s\\e[2J\"\n---\nDear,\n", 3, "\\x1b (ESC)"),
        ] {
            try folder.write("t.txt", text)
            XCTAssertThrowsError(try TemplateLoader(folder: folder.url.path).load(named: "t")) { error in
                guard case .controlCharacter(let location, _, let shown) = error as? InputError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(location, SourceLocation(file: folder.path("t.txt"), line: line))
                XCTAssertEqual(shown, character)
            }
        }
    }

    /// Issue 18: `--template ../x` read outside the templates folder.
    func testATemplateNameIsNeverAPath() throws {
        let folder = try TemporaryDirectory()
        try folder.write("outside.txt", "---\naudience: mayor\nsubject: s\n---\nDear,\n")
        try folder.write("Templates/inside.txt", "---\naudience: mayor\nsubject: s\n---\nDear,\n")
        let loader = try TemplateLoader(folder: folder.path("Templates"))
        for name in ["../outside", "/etc/passwd", ".hidden", "", "x\u{1B}y"] {
            XCTAssertThrowsError(try loader.load(named: name), name) { error in
                guard case .badOption(let option, _, _) = error as? InputError else { return XCTFail("\(error)") }
                XCTAssertEqual(option, "--template")
            }
            XCTAssertNil(loader.file(named: name))
        }
        XCTAssertNoThrow(try loader.load(named: "inside"))
    }
}
