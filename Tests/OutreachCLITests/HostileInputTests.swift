import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 18, on the real binary: what a person reviews is what is sent, every value printed is
/// made visible, inputs have limits, temporary files are private and unguessable, names are
/// never paths, and a password command cannot hang or flood `outreach`.
final class HostileInputTests: CLITestCase {
    /// Fails when `text` holds a character a terminal would hide or act on.
    private func assertVisible(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let hidden = text.unicodeScalars.filter { VisibleText.needsEscape($0, keepingLineBreaks: true) }
        XCTAssertTrue(
            hidden.isEmpty, "raw \(hidden.map { String($0.value, radix: 16) }) in: \(text)", file: file, line: line)
    }

    private func writeFixtures(csv: String? = nil, body: String = "Dear {{recipient.family_name}},\n\n{{note}}\n")
        throws -> String
    {
        try folder.write("Templates/letter.txt", Self.template(body: body))
        return try folder.write("Recipients/test.csv", csv ?? Self.header + "\n" + Self.row(id: "a") + "\n")
    }

    private func draft(_ recipients: String, _ extra: [String], input: Data? = nil) throws -> RunResult {
        try outreach(
            [
                "draft", "--to", "mayor", "--anywhere", "--recipients", recipients, "--templates",
                folder.path("Templates"), "--template", "letter",
            ] + extra, input: input)
    }

    func testControlCharactersInANoteAreRefusedWithTheirLine() throws {
        try makeOaklandProfile()
        let recipients = try writeFixtures()
        let seeded = try draft(recipients, ["--note", "seed"])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let before = try XCTUnwrap(databaseBytes())
        let noteFile = try folder.write("note.txt", "I care.\nNUL here:\u{0}\n")
        for (extra, input, expected) in [
            (
                ["--note", "I care.\u{1B}[8m and a hidden line\u{1B}[0m", "--again"], nil,
                "--note:1: the note holds the control character \\x1b (ESC)"
            ),
            (
                ["--note-file", noteFile, "--again"], nil,
                "\(noteFile):2: the note holds the control character \\x00 (NUL)"
            ),
            (
                ["--note-file", "-", "--again"], Data("ok\nfine\nbell\u{7}".utf8),
                "standard input:3: the note holds the control character \\x07 (BEL)"
            ),
        ] as [([String], Data?, String)] {
            let result = try draft(recipients, extra, input: input)
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stderr.contains("error: \(expected)"), result.stderr)
            XCTAssertTrue(result.stderr.contains("hint: remove it"), result.stderr)
            assertVisible(result.stderr)
            XCTAssertEqual(databaseBytes(), before, "the queue changed")
        }
    }

    func testControlCharactersInATemplateAreRefusedWithTheirLine() throws {
        try makeOaklandProfile()
        let recipients = try writeFixtures(body: "Dear {{recipient.family_name}},\n\nThanks.\u{1B}[2K\n")
        let result = try draft(recipients, [])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("letter.txt:8: the template holds the control character \\x1b (ESC)"), result.stderr)
        XCTAssertEqual(try letters().count, 0)
    }

    func testEditWorksInAPrivateFolderAndRefusesControlCharacters() throws {
        try makeOaklandProfile()
        let recipients = try writeFixtures()
        XCTAssertEqual(try draft(recipients, ["--note", "Thanks"]).status, 0)
        let record = folder.path("editor-saw")
        // Records where it was asked to edit, and the folder's mode, then edits.
        let editor = try folder.write(
            "editor.sh",
            "#!/bin/sh\nprintf '%s %s\\n' \"$(dirname \"$1\")\" \"$(stat -c %a \"$(dirname \"$1\")\")\" >> \(record)\nsed -i 's/Thanks/Thank you/' \"$1\"\n"
        )
        chmod(editor, 0o755)
        let edited = try outreach("edit", "1", environment: ["EDITOR": editor])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        let seen = try String(contentsOfFile: record, encoding: .utf8).split(separator: " ").map(String.init)
        XCTAssertEqual(seen.count, 2)
        XCTAssertTrue(seen[0].hasPrefix(home + "/edit-"), "not in the home folder: \(seen[0])")
        XCTAssertFalse(seen[0].contains("outreach-edit-"), seen[0])
        XCTAssertEqual(seen[1], "700\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: seen[0]), "the folder is removed after the edit")

        let breaker = try folder.write(
            "breaker.sh", "#!/bin/sh\nprintf 'Subject: x\\n\\nDear Doe,\\nfine\\n\\033[8mhidden\\n' > \"$1\"\n")
        chmod(breaker, 0o755)
        let unchanged = try XCTUnwrap(databaseBytes())
        let refused = try outreach("edit", "1", environment: ["EDITOR": breaker])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("letter-1.txt:5: the edited letter holds the control character \\x1b (ESC)"),
            refused.stderr)
        XCTAssertTrue(refused.stderr.contains("your edited text is kept in \(home)/edit-"), refused.stderr)
        assertVisible(refused.stderr)
        XCTAssertEqual(databaseBytes(), unchanged)
    }

    func testValuesAreShownVisiblyInErrorsAndOutput() throws {
        try makeOaklandProfile()
        // An override that makes "Doe" read backwards, and ESC in an address quoted by the error.
        let badCSV = Self.header + "\n" + Self.row(id: "a", email: "\u{1B}]0;owned\u{7}@example.com") + "\n"
        let bad = try draft(try writeFixtures(csv: badCSV), ["--note", "hi"])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("\\x1b]0;owned\\x07@example.com"), bad.stderr)
        assertVisible(bad.stderr)

        let name = "Alex \u{202E}eoD\u{202C}"
        let csv = Self.header + "\n" + Self.row(id: "a", name: name, family: "\u{2066}Doe\u{2069}") + "\n"
        let drafted = try draft(try writeFixtures(csv: csv), ["--note", "hi"])
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        assertVisible(drafted.stdout)
        XCTAssertTrue(drafted.stdout.contains("Alex \\u{202E}eoD\\u{202C}"), drafted.stdout)
        for arguments in [
            ["queue"], ["show", "1"], ["log"],
            ["recipients", "list", "--anywhere", "--recipients", folder.path("Recipients")],
        ] {
            let shown = try outreach(arguments)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            assertVisible(shown.stdout)
            XCTAssertTrue(shown.stdout.contains("\\u{202E}"), "\(arguments): \(shown.stdout)")
        }
        // JSON keeps the value for programs, with the override written as an escape.
        let json = try outreach("show", "1", "--json")
        assertVisible(json.stdout)
        XCTAssertTrue(json.stdout.contains("\\u202e"), json.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let letter = object?["letter"] as? [String: Any]
        XCTAssertEqual(letter?["recipient_name"] as? String, name)
    }

    func testTheOldMarkerCharactersInANoteAreMergedLiterally() throws {
        try makeOaklandProfile()
        let note = "I care \u{F8F0}0\u{F8F1} about this, \u{F8F0}99\u{F8F1}."
        let result = try draft(try writeFixtures(), ["--note", note])
        XCTAssertEqual(result.status, 0, result.stderr)
        let checked = try MessageCheck.check(try messages()[0])
        XCTAssertEqual(checked.text, "Dear Doe,\n\n\(note)\n")
    }

    func testADisplayNameLookingLikeAnEncodedWordIsSentAsItself() throws {
        try makeOaklandProfile()
        let name = "=?utf-8?Q?=0D=0ABcc:_v@example.com?="
        let csv = Self.header + "\n" + Self.row(id: "a", name: name) + "\n"
        let result = try draft(try writeFixtures(csv: csv), ["--note", "hi"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let checked = try MessageCheck.check(try messages()[0])
        XCTAssertEqual(checked.to, [.init(name: name, address: "mayor.a@example.com")])
        XCTAssertFalse(checked.headers.contains("Bcc"))
    }

    func testInputsThatNeverEndAreRefused() throws {
        try makeOaklandProfile()
        try writeFixtures()
        let device = try draft("/dev/zero", ["--note", "hi"])
        XCTAssertEqual(device.status, 66, device.stderr)
        XCTAssertTrue(device.stderr.contains("error: /dev/zero is a character device, not a file"), device.stderr)
        let noteDevice = try draft(folder.path("Recipients"), ["--note-file", "/dev/zero"])
        XCTAssertEqual(noteDevice.status, 66, noteDevice.stderr)
        let noBreaks = try folder.write(
            "Recipients/test.csv", Self.header + "\n" + String(repeating: "x,", count: 100_000))
        let long = try draft(noBreaks, ["--note", "hi"])
        XCTAssertEqual(long.status, 65, long.stderr)
        XCTAssertTrue(long.stderr.contains("test.csv:2: a line is longer than 64 KiB"), long.stderr)
        XCTAssertEqual(try letters().count, 0)
    }

    func testTemplatesThatWouldExhaustTheMachineAreRefused() throws {
        try makeOaklandProfile()
        let recipients = try writeFixtures()
        // Once: SIGSEGV at 3,000 sections deep; a "billion laughs" front matter grew without bound.
        let deep =
            String(repeating: "{{#sender.name}}\n", count: 3_000) + "x\n"
            + String(repeating: "{{/sender.name}}\n", count: 3_000)
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        for (text, expected) in [
            (Self.template(body: deep), "letter.txt:38: sections are nested more than 32 deep"),
            (
                "---\naudience: mayor\nsubject: s\n\(laughs)---\nDear\n",
                "letter.txt:4: front matter: '&a' reads as a YAML anchor"
            ),
        ] {
            try folder.write("Templates/letter.txt", text)
            let result = try draft(recipients, ["--note", "hi"])
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stderr.contains(expected), result.stderr)
        }
        XCTAssertEqual(try letters().count, 0)
    }

    func testATemplateNameIsNeverAPathAndAStateIsNeverReplaced() throws {
        try makeOaklandProfile()
        let recipients = try writeFixtures()
        try folder.write("outside.txt", Self.template(body: "Outside {{recipient.name}}\n"))
        let escaped = try outreach(
            "draft", "--to", "mayor", "--anywhere", "--recipients", recipients, "--templates", folder.path("Templates"),
            "--template", "../outside", "--note", "hi")
        XCTAssertEqual(escaped.status, 64, escaped.stderr)
        XCTAssertTrue(escaped.stderr.contains("--template: '../outside' is not a template name"), escaped.stderr)
        for arguments in [
            ["recipients", "list", "--to", "representative", "--district", "ZZ-1"],
            ["draft", "--to", "representative", "--district", "ZZ-1", "--note", "hi"],
        ] {
            let result = try outreach(arguments)
            XCTAssertEqual(result.status, 64, result.stderr)
            XCTAssertTrue(result.stderr.contains("--district: 'ZZ-1' names an unknown state 'ZZ'"), result.stderr)
        }
        XCTAssertEqual(try letters().count, 0)
    }

    func testAnEmptyHomeIsAnErrorAndTouchesNoRealFolder() throws {
        let realHome = try TemporaryDirectory("outreach-real-home")
        for (arguments, environment) in [
            (["whoami"], ["OUTREACH_HOME": "", "HOME": realHome.url.path]),
            (["whoami", "--home", ""], ["HOME": realHome.url.path]),
        ] {
            let result = try RunOutreach.run(arguments, environment: environment)
            XCTAssertEqual(result.status, 64, result.stderr)
            XCTAssertTrue(result.stderr.contains("is empty"), result.stderr)
        }
        let initialized = try RunOutreach.run(
            [
                "init", "--name", "Dana", "--email", "d@example.org", "--street", "1 Main", "--city", "Oakland",
                "--state",
                "CA", "--zip", "94612",
            ], environment: ["OUTREACH_HOME": "", "HOME": realHome.url.path])
        XCTAssertEqual(initialized.status, 64, initialized.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: realHome.url.path), [])
    }

    func testAHomeOthersCanReadIsRefusedWithAHint() throws {
        try makeOaklandProfile()
        chmod(home, 0o755)
        let result = try outreach("queue")
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: \(home) can be read by other users (mode 755)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("hint: make it yours alone: chmod 700 '\(home)'"), result.stderr)
        chmod(home, 0o700)
        XCTAssertEqual(try outreach("queue").status, 0)
    }

    func testAPrintedPDFIsPrivate() throws {
        try XCTSkipUnless(Printing.isBuilt, "outreach-print was built without Pango and Cairo")
        try makeOaklandProfile()
        let csv = Self.header + "\n" + Self.row(id: "p1", email: "") + "\n"
        XCTAssertEqual(try draft(try writeFixtures(csv: csv), ["--note", "hi"]).status, 0)
        let pdf = try folder.write("letters.pdf", "an older file, readable by all")
        chmod(pdf, 0o644)
        let printed = try outreach("print", "--all-postal", "-o", pdf, "--force")
        XCTAssertEqual(printed.status, 0, printed.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: pdf)
        XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o600)
        XCTAssertTrue(try String(contentsOfFile: pdf, encoding: .isoLatin1).hasPrefix("%PDF"))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(".") }, [])
    }

    func testAPasswordCommandThatNeverEndsIsStopped() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try draft(try writeFixtures(), ["--note", "hi"]).status, 0)
        for (key, value) in [
            ("smtp.url", "smtps://127.0.0.1:9"), ("smtp.username", "dana"), ("smtp.password_command", "sleep 987655"),
        ] {
            XCTAssertEqual(try outreach("profile", "set", key, value).status, 0)
        }
        let start = Date()
        let result = try outreach("send", "--yes", environment: ["OUTREACH_PASSWORD_COMMAND_TIMEOUT": "0.5"])
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("error: smtp.password_command did not finish within 0.5 seconds"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        XCTAssertEqual(try letters().map(\.status), [.drafted])
    }
}
