import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 6: letters that are not emailed: web forms and the post.
final class OtherChannelsTests: CLITestCase {
    func testFormOutputCarriesTheURLTheFullTextAndTheSenderFields() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("draft", "--to", "representative", "--note", "Please answer my letter.").status, 0)
        let letter = try XCTUnwrap(try letters().first)
        XCTAssertEqual(letter.channel, .webForm)
        let form = try outreach("show", String(letter.id), "--form")
        XCTAssertEqual(form.status, 0, form.stderr)
        XCTAssertTrue(
            form.stdout.hasPrefix(
                "To:        Lateefah Simon, Representative, U.S. House of Representatives\nForm:      https://simon.house.gov/"
            ), form.stdout)
        for field in [
            "Name:      Dana Rivera", "Street:    1 Broadway", "City:      Oakland", "ZIP:       94612",
            "Email:     dana.rivera@example.org", "Topic:     Immigration",
        ] {
            XCTAssertTrue(form.stdout.contains(field), "\(field) missing: \(form.stdout)")
        }
        let text = try MessageCheck.check(try messages()[0]).text
        XCTAssertTrue(
            form.stdout.contains("Message (paragraphs, ready to paste):\n\(FormText.paragraphs(of: text))\n"),
            "the whole letter, ready to paste")
        XCTAssertEqual(
            FormText.paragraphs(of: text).split(whereSeparator: \.isWhitespace),
            text.split(whereSeparator: \.isWhitespace))
        XCTAssertTrue(
            form.stdout.contains("outreach mark \(letter.id) --delivered-by-hand --via web-form"), form.stdout)
    }

    func testPrintMakesOnePagePerLetterWithAccentsIntact() throws {
        try XCTSkipUnless(Printing.isBuilt, "outreach-print was built without Pango and Cairo")
        try makeOaklandProfile()
        let csv =
            Self.header + "\n"
            + Self.row(
                id: "p1", name: "José Ñúñez-García", family: "Ñúñez-García", city: "Cañon City", state: "CO", email: "",
                address: "1 Plaza Mayor\nCañon City, CO 81212") + "\n"
            + Self.row(
                id: "p2", name: "Nguyễn Thị Minh", family: "Nguyễn", city: "Westminster", state: "CA", email: "",
                address: "8200 Westminster Blvd\nWestminster, CA 92683") + "\n"
        let drafted = try draftFixture(
            csv: csv,
            template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n\nGracias y cảm ơn.\n\nDana\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let pdf = folder.path("letters.pdf")
        let printed = try outreach("print", "--all-postal", "--output", pdf)
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertTrue(printed.stdout.contains("Wrote 2 letters"), printed.stdout)
        let info = try RunOutreach.runProgram(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [pdf], in: folder.url.path)
        XCTAssertTrue(info.stdout.contains("Pages:           2"), info.stdout)
        XCTAssertTrue(info.stdout.contains("612 x 792 pts (letter)"), info.stdout)
        for (page, expected) in [
            (
                1,
                [
                    "Dana Rivera", "1 Broadway", "José Ñúñez-García", "Mayor, Cañon City", "Cañon City, CO 81212",
                    "Dear Mayor Ñúñez-García,", "Gracias y cảm ơn.",
                ]
            ),
            (2, ["Nguyễn Thị Minh", "Westminster, CA 92683", "Dear Mayor Nguyễn,"]),
        ] {
            let text = try RunOutreach.runProgram(
                URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-f", String(page), "-l", String(page), pdf, "-"],
                in: folder.url.path
            ).stdout
            for line in expected { XCTAssertTrue(text.contains(line), "page \(page) lacks '\(line)': \(text)") }
        }
        let marked = try outreach("mark", "1", "2", "--delivered-by-hand", "--via", "postal")
        XCTAssertEqual(marked.status, 0, marked.stderr)
        XCTAssertEqual(try letters().map(\.status), [.deliveredByHand, .deliveredByHand])
    }

    func testFormAndPrintRefuseWhatTheyCannotDo() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("draft", "--to", "mayor", "--note", "x").status, 0)
        let form = try outreach("show", "1", "--form")
        XCTAssertEqual(form.status, 64)
        XCTAssertTrue(form.stderr.contains("letter 1 has no web form (its channel is email)"), form.stderr)
        let none = try outreach("print")
        XCTAssertEqual(none.status, 64)
        let nothing = try outreach("print", "--all-postal", "--output", folder.path("x.pdf"))
        XCTAssertEqual(nothing.stdout, "Nothing to print: no drafted letter goes by post.\n")
    }

    func testALetterTooLongForOnePageIsRefusedAndNoPDFIsLeft() throws {
        try XCTSkipUnless(Printing.isBuilt, "outreach-print was built without Pango and Cairo")
        try makeOaklandProfile()
        let csv = Self.header + "\n" + Self.row(id: "p1", email: "", address: "1 Main St\nSpringfield, IL 62701") + "\n"
        let note = Array(repeating: "Our neighbors deserve to feel safe when they call for help.", count: 300).joined(
            separator: " ")
        let drafted = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n\n{{note}}\n"),
            extra: ["--note", note])
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let pdf = folder.path("long.pdf")
        let result = try outreach("print", "1", "--output", pdf)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("error: letter 1 is too long for one printed page, even in 8-point type"),
            result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf + ".part"))
    }

    func testADistrictNamesItsState() throws {
        try makeOaklandProfile()
        // Alabama's members are not an Oakland sender's: they get the organization's letter.
        XCTAssertEqual(try outreach("profile", "set", "organization", "Neighbors for Safe Cities").status, 0)
        let other = try outreach("draft", "--to", "representative", "--district", "AL-7", "--note", "x")
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertEqual(
            try letters().map { "\($0.recipientName) \($0.template)" }, ["Terri A. Sewell organization-sanctuary"])
        let clash = try outreach(
            "draft", "--to", "representative", "--state", "CA", "--district", "AL-7", "--note", "x")
        XCTAssertEqual(clash.status, 64)
        XCTAssertTrue(clash.stderr.contains("'AL-7' is in AL, not CA"), clash.stderr)
    }

    /// `print` never replaces a file without `--force`, and prints a discarded letter only when
    /// asked with `--include-discarded`.
    func testPrintNeitherReplacesAFileNorPrintsADiscardedLetterUnasked() throws {
        try makeOaklandProfile()
        let csv =
            Self.header + "\n" + Self.row(id: "p1", email: "", address: "1 Main St\nSpringfield, IL 62701") + "\n"
            + Self.row(
                id: "p2", name: "Bo Bell", family: "Bell", email: "", address: "2 Main St\nSpringfield, IL 62701")
            + "\n"
        let drafted = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        for name in ["letters.pdf", "m1.eml"] {
            let existing = try folder.write(name, "important\n")
            let refused = try outreach("print", "1", "--output", existing)
            XCTAssertEqual(refused.status, 73, refused.stderr)
            XCTAssertEqual(
                refused.stderr,
                "error: \(existing) exists already\nhint: pass --force to replace it, or name another file with -o FILE\n"
            )
            XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "important\n")
        }

        XCTAssertEqual(try outreach("discard", "2").status, 0)
        let fresh = folder.path("fresh.pdf")
        let discarded = try outreach("print", "1", "2", "--output", fresh)
        XCTAssertEqual(discarded.status, 65, discarded.stderr)
        XCTAssertEqual(
            discarded.stderr,
            """
            error: letter 2 is discarded and cannot be printed
            hint: you discarded it: pass --include-discarded to print it all the same

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
        let postal = try outreach("print", "--all-postal", "--output", fresh)
        XCTAssertEqual(postal.status == 0 || !Printing.isBuilt, true, postal.stderr)

        try XCTSkipUnless(Printing.isBuilt, "outreach-print was built without Pango and Cairo")
        XCTAssertTrue(
            postal.stdout.hasPrefix("Wrote 1 letter to \(fresh)"), "the discarded letter is left out: \(postal.stdout)")
        let asked = try outreach("print", "2", "--include-discarded", "--output", folder.path("two.pdf"))
        XCTAssertEqual(asked.status, 0, asked.stderr)
        let replaced = try outreach(
            "print", "1", "2", "--include-discarded", "--force", "--output", folder.path("letters.pdf"))
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        let info = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/pdfinfo"), [folder.path("letters.pdf")], in: folder.url.path)
        XCTAssertTrue(info.stdout.contains("Pages:           2"), info.stdout)
    }
}
