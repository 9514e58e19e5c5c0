import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 2's list of bad input: each gets one clear line naming file, line and field, a non-zero
/// exit, and leaves the queue byte for byte as it was.
final class BadInputTests: CLITestCase {
    private let goodBody = "Dear Mayor {{recipient.family_name}},\nThank you.\n"

    /// Drafts one good letter so the queue exists, then runs `csv` + `template` and checks the outcome.
    private func assertRefused(
        csv: String? = nil, csvData: Data? = nil, template: String? = nil, status: Int32 = 65, mentions: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        if !FileManager.default.fileExists(atPath: folder.path("home/profile.toml")) {
            try makeOaklandProfile(file: file, line: line)
        }
        let seed = try outreach("draft", "--to", "mayor", "--note", "seed")
        XCTAssertEqual(seed.status, 0, seed.stderr, file: file, line: line)
        let before = try XCTUnwrap(databaseBytes(), file: file, line: line)
        let recipients: String
        if let csvData {
            recipients = try folder.write("Recipients/test.csv", csvData)
        } else {
            recipients = try folder.write("Recipients/test.csv", csv ?? Self.header + "\n" + Self.row(id: "a") + "\n")
        }
        try folder.write("Templates/letter.txt", template ?? Self.template(body: goodBody))
        let result = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", recipients, "--templates", folder.path("Templates"),
            "--template", "letter")
        XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertFalse(errors.isEmpty, "no error line: \(result.stderr)", file: file, line: line)
        for text in mentions {
            XCTAssertTrue(result.stderr.contains(text), "'\(text)' not in: \(result.stderr)", file: file, line: line)
        }
        XCTAssertTrue(result.stderr.contains("hint: "), "no hint: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(databaseBytes(), before, "the queue changed", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    func testMissingColumn() throws {
        let csv =
            Self.header.replacingOccurrences(of: ",email", with: "") + "\n1,mayor,A,A,B,Mayor,X,IL,,,,555,addr,,test\n"
        try assertRefused(csv: csv, mentions: ["test.csv:1: missing column 'email'"])
    }

    func testRepeatedColumn() throws {
        try assertRefused(
            csv: Self.header + ",email\n" + Self.row(id: "a") + ",x@example.org\n",
            mentions: ["test.csv:1: header names column 'email' twice"])
    }

    func testRowWithAnExtraField() throws {
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a") + "\n" + Self.row(id: "b") + ",extra\n",
            mentions: ["test.csv:3: row has 17 fields but the header has 16"])
    }

    func testRaggedRowAfterAQuotedLineBreak() throws {
        let csv = Self.header + "\n" + Self.row(id: "a", address: "1 Main\nSt") + "\n" + "b,mayor,short\n"
        try assertRefused(csv: csv, mentions: ["test.csv:4: row has 3 fields but the header has 16"])
    }

    func testUnterminatedQuoteNamesTheLineWhereItStarts() throws {
        let csv =
            Self.header + "\n" + Self.row(id: "a") + "\n"
            + "b,mayor,\"Open Quote,A,B,Mayor,X,IL,,,m@example.com,,5,a,,t\n" + Self.row(id: "c") + "\n"
        try assertRefused(csv: csv, mentions: ["test.csv:3: a quoted field starts here and is never closed"])
    }

    func testFileThatIsNotUTF8() throws {
        var data = Data((Self.header + "\n" + Self.row(id: "a") + "\n").utf8)
        data.append(Data("b,mayor,Jos".utf8) + Data([0xE9]) + Data(",A,B,Mayor,X,IL,,,m@example.com,,5,a,,t\n".utf8))
        try assertRefused(csvData: data, mentions: ["test.csv:3: not UTF-8", "0xE9", "iconv"])
    }

    func testDuplicateIDs() throws {
        let csv = Self.header + "\n" + Self.row(id: "same", city: "A") + "\n" + Self.row(id: "same", city: "B") + "\n"
        try assertRefused(csv: csv, mentions: ["test.csv:3: id 'same' is already used at", "test.csv:2"])
    }

    func testUnknownPlaceholder() throws {
        let template = Self.template(body: "Dear Mayor {{recipient.family_name}},\n\nHi {{recipient.nickname}}.\n")
        try assertRefused(
            template: template, mentions: ["letter.txt:8: {{recipient.nickname}} names no field", "test.csv:2"])
    }

    func testUnknownSenderPlaceholder() throws {
        try assertRefused(
            template: Self.template(body: "From {{sender.nmae}}\n"),
            mentions: ["letter.txt:6: {{sender.nmae}} names no field"])
    }

    func testEmptyValueNeverWritesDearComma() throws {
        let csv = Self.header + "\n" + Self.row(id: "a") + "\n" + Self.row(id: "b", family: "") + "\n"
        try assertRefused(
            csv: csv,
            mentions: [
                "letter.txt:6: {{recipient.family_name}} is empty for", "test.csv:3", "{{#recipient.family_name}}",
            ])
    }

    func testBrokenFrontMatter() throws {
        try assertRefused(
            template: "---\naudience: mayor\nsubject: [unclosed\n---\nHi\n", mentions: ["letter.txt:", "front matter"])
        try assertRefused(
            template: "Dear Mayor,\nno front matter\n",
            mentions: ["letter.txt:1: front matter: the file does not start with '---'"])
        try assertRefused(
            template: "---\naudience: mayor\nsubject: x\nsubjet: typo\n---\nHi\n",
            mentions: ["letter.txt:4: front matter: unknown key 'subjet'"])
    }

    func testUnclosedSection() throws {
        try assertRefused(
            template: Self.template(body: "Hi\n{{#recipient.email}}x\n"),
            mentions: ["letter.txt:7: section {{#recipient.email}} is never closed"])
    }

    func testBadEmailIsNotSilentlyPosted() throws {
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a", email: "mayor@") + "\n", mentions: ["test.csv:2: field 'email'"]
        )
    }

    func testARoleNoListHoldsIsNamedWithTheNearestOnes() throws {
        try makeOaklandProfile()
        let result = try outreach("draft", "--to", "governor", "--note", "x")
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(
            result.stderr.contains("error: no row of the 54 recipient files has the role 'governor'"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "hint: the lists hold mayor, representative, senator, state-legislator; add a list of your own: outreach recipients import csv FILE --role governor"
            ), result.stderr)
        let typo = try outreach("draft", "--to", "Mayr", "--note", "x")
        XCTAssertEqual(typo.status, 66)
        XCTAssertTrue(typo.stderr.contains("hint: did you mean mayor?"), typo.stderr)
        let bad = try outreach("draft", "--to", "mayor!", "--note", "x")
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("error: \"mayor!\" is not a role"), bad.stderr)
        XCTAssertEqual(try letters().count, 0)
    }

    func testMissingProfileSaysHowToMakeOne() throws {
        let result = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("error: no sender profile at \(home)/profile.toml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("hint: make one: outreach init"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: database))
    }

    func testMissingFolders() throws {
        try makeOaklandProfile()
        let noTemplates = try outreach("draft", "--to", "mayor", "--note", "x", "--templates", folder.path("nowhere"))
        XCTAssertEqual(noTemplates.status, 66)
        XCTAssertTrue(
            noTemplates.stderr.contains("error: no Templates folder at \(folder.path("nowhere"))"), noTemplates.stderr)
        XCTAssertTrue(noTemplates.stderr.contains("--templates"), noTemplates.stderr)
        let noRecipients = try outreach(
            "draft", "--to", "mayor", "--note", "x", "--recipients", folder.path("none.csv"))
        XCTAssertEqual(noRecipients.status, 66)
        XCTAssertTrue(noRecipients.stderr.contains("error: no Recipients folder at"), noRecipients.stderr)
    }

    func testMissingNote() throws {
        try makeOaklandProfile()
        let result = try outreach("draft", "--to", "mayor")
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("requires a note"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--note"), result.stderr)
    }

    func testNoMatchSaysWhy() throws {
        try makeOaklandProfile()
        let result = try outreach("draft", "--to", "mayor", "--city", "Atlantis", "--note", "x")
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(
            result.stderr.contains("error: no current mayor of Atlantis, CA in 54 recipient files"), result.stderr)
        XCTAssertTrue(result.stderr.contains("add a row"), result.stderr)
    }

    func testSeveralProblemsAreReportedTogether() throws {
        let csv =
            Self.header + "\n" + Self.row(id: "a", family: "") + "\n" + Self.row(id: "b", family: "") + "\n"
            + Self.row(id: "c", name: "X\nY") + "\n"
        try assertRefused(csv: csv, mentions: ["test.csv:2", "test.csv:3", "test.csv:4", "nothing was written"])
    }

    func testTemplateWithNoText() throws {
        try assertRefused(
            template: "---\naudience: mayor\nsubject: Hi\n---\n\n",
            mentions: ["letter.txt:5: the letter has no text after the front matter"])
    }

    func testOneAddressForTwoOfficesIsRefused() throws {
        let csv =
            Self.header + "\n" + Self.row(id: "a", email: "office@example.com") + "\n"
            + Self.row(id: "b", city: "Other", email: "OFFICE@example.com") + "\n"
        try assertRefused(
            csv: csv,
            mentions: [
                "test.csv:3: field 'email' \"OFFICE@example.com\" is also the address of", "test.csv:2", "two letters",
            ])
    }

    func testTermEndAndStateMustBeRight() throws {
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a", termEnd: "soon") + "\n",
            mentions: ["test.csv:2: field 'term_end' \"soon\" is not a date (YYYY-MM-DD)"])
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a", termEnd: "2026-02-30") + "\n",
            mentions: ["field 'term_end' \"2026-02-30\" is not a date"])
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a", state: "California") + "\n",
            mentions: ["test.csv:2: field 'state' \"California\" is not a two-letter state code"])
    }

    func testALetterThatCannotBeDeliveredIsRefused() throws {
        try assertRefused(
            csv: Self.header + "\n" + Self.row(id: "a", email: "", address: "") + "\n",
            mentions: ["test.csv:2: field 'email' is empty, and so are contact_form and address"])
    }

    func testMisspelledPlaceholderIsReportedOnceNotPerRow() throws {
        var csv = Self.header + "\n"
        for index in 1...30 { csv += Self.row(id: "r\(index)", city: "Town\(index)") + "\n" }
        try assertRefused(
            csv: csv, template: Self.template(body: "Dear {{recipient.nmae}},\n"),
            mentions: ["{{recipient.nmae}} names no field"])
        let result = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", folder.path("Recipients/test.csv"), "--templates",
            folder.path("Templates"), "--template", "letter")
        XCTAssertEqual(result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.count, 1, result.stderr)
        XCTAssertFalse(result.stderr.contains("fill in 'nmae'"), result.stderr)
    }

    func testUnknownWhereColumnAndState() throws {
        try makeOaklandProfile()
        let column = try outreach("draft", "--to", "mayor", "--anywhere", "--where", "colour=red", "--note", "x")
        XCTAssertEqual(column.status, 64, column.stderr)
        XCTAssertTrue(column.stderr.contains("error: --where: no recipient file has a column 'colour'"), column.stderr)
        XCTAssertTrue(column.stderr.contains("hint: columns: address, chamber,"), column.stderr)
        let state = try outreach("draft", "--to", "mayor", "--state", "XX", "--note", "x")
        XCTAssertEqual(state.status, 64, state.stderr)
        XCTAssertTrue(state.stderr.contains("error: --state: 'XX' is not a state code"), state.stderr)
    }
}
