import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 15: `outreach forms`, the walk through the letters for web forms, run on a
/// pseudo-terminal with a stub clipboard tool and a stub opener first on PATH that record what
/// they were given.
final class FormsTests: CLITestCase {
    /// The stubs' folder: the whole PATH the walk sees, so no real clipboard tool or browser is used.
    var stubs: String { folder.path("stubs") }

    /// Writes an executable stub (`/bin/sh`; only absolute paths inside, PATH being the stubs alone).
    private func stub(_ name: String, _ script: String) throws {
        let file = try folder.write("stubs/\(name)", "#!/bin/sh\n" + script)
        XCTAssertEqual(chmod(file, 0o755), 0)
    }

    /// A clipboard stub that keeps each text it gets as `clip-N.txt` and its arguments as `clip-N.args`.
    private func recordingClipboard(_ name: String = "xclip") throws {
        try stub(
            name,
            """
            n=$(/bin/cat "\(stubs)/count" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(stubs)/count"
            echo "$*" > "\(stubs)/clip-$n.args"
            /bin/cat > "\(stubs)/clip-$n.txt"

            """)
    }

    /// An opener stub that adds each address it gets to `opened`.
    private func recordingOpener() throws {
        try stub("xdg-open", "echo \"$*\" >> \"\(stubs)/opened\"\n")
    }

    private func clipboardTexts() throws -> [String] {
        let count =
            Int(
                (try? String(contentsOfFile: "\(stubs)/count", encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines) ?? "0") ?? 0
        return try (0..<count).map { try String(contentsOfFile: "\(stubs)/clip-\($0 + 1).txt", encoding: .utf8) }
    }

    /// Starts `outreach forms` on a pseudo-terminal.
    private func forms(_ arguments: [String] = [], browser: String? = nil) throws -> PseudoTerminal {
        var environment = [
            "OUTREACH_HOME": home, "PATH": stubs, "HOME": folder.path("user"), "LANG": "C.UTF-8",
            "TZ": "America/Los_Angeles", "TERM": "dumb",
        ]
        if let browser { environment["BROWSER"] = browser }
        return try PseudoTerminal(
            RunOutreach.binary, ["forms"] + arguments, environment: environment, in: folder.url.path)
    }

    /// An Oakland sender with a prefix but no ZIP+4 and no phone, with three letters for web
    /// forms (the House member and both senators) and one by email (the mayor).
    private func draftForms() throws -> [Letter] {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("profile", "set", "prefix", "Ms.").status, 0)
        XCTAssertEqual(try outreach("profile", "set", "district", "12").status, 0)
        for role in ["mayor", "representative", "senator"] {
            let result = try outreach("draft", "--to", role, "--note", "Our neighbors deserve to feel safe.")
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let forms = try letters().filter { $0.channel == .webForm }
        XCTAssertEqual(forms.count, 3)
        return forms
    }

    /// The decoded text of each letter, by id.
    private func bodies() throws -> [Int64: String] {
        var texts: [Int64: String] = [:]
        for (letter, message) in zip(try letters(), try MessageCheck.check(try messages())) {
            texts[letter.id] = message.text
        }
        return texts
    }

    private func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }

    func testTheWalkPutsEachLetterOnTheClipboardAsParagraphsOpensTheFormAndRecordsWhatWasSubmitted() throws {
        try recordingClipboard()
        try recordingOpener()
        let webForms = try draftForms()
        let walk = try forms()
        XCTAssertTrue(walk.waitFor(FormWalk.question), walk.output)
        walk.type("y")
        XCTAssertTrue(walk.waitFor(FormWalk.question, count: 2), walk.output)
        walk.type("s")
        XCTAssertTrue(walk.waitFor(FormWalk.question, count: 3), walk.output)
        walk.type("y")
        XCTAssertEqual(walk.waitForExit(), 0, walk.output)
        let output = walk.output

        for line in [
            "3 letters for web forms.", "[1/3] Letter \(webForms[0].id): Lateefah Simon",
            "Form:      \(webForms[0].contactForm)", "Prefix:    Ms.", "Name:      Dana Rivera",
            "Street:    1 Broadway",
            "City:      Oakland", "State:     CA", "ZIP:       94612", "Email:     dana.rivera@example.org",
            "Topic:     Immigration",
            "Subject:   What the Justice Department should do about sanctuary-city officials: a view from Oakland, CA",
            "ZIP+4:     (missing from your profile; forms often require it: outreach profile set zip4 NNNN",
            "Phone:     (missing from your profile; forms often require it: outreach profile set phone NUMBER)",
            "Message:   on the clipboard (xclip): paste it into the form's message box.",
            "Opened the form with xdg-open.", "[3/3] Letter \(webForms[2].id): Adam B. Schiff",
            "Recorded 2, skipped 1.",
        ] {
            XCTAssertTrue(output.contains(line), "missing: \(line)\n\(output)")
        }
        XCTAssertFalse(output.contains("Barbara Lee"), "the mayor's letter goes by email")

        let opened = try String(contentsOfFile: "\(stubs)/opened", encoding: .utf8)
        XCTAssertEqual(opened, webForms.map { $0.contactForm + "\n" }.joined())
        XCTAssertEqual(
            try String(contentsOfFile: "\(stubs)/clip-1.args", encoding: .utf8), "-selection clipboard\n")
        let texts = try clipboardTexts()
        let bodies = try bodies()
        XCTAssertEqual(texts.count, 3)
        for (letter, text) in zip(webForms, texts) {
            let body = try XCTUnwrap(bodies[letter.id])
            XCTAssertEqual(words(text), words(body), "the clipboard holds the letter's text, word for word")
            XCTAssertTrue(
                text.contains(
                    "\n\nI live in Oakland, CA, and I am writing to you about the Justice Department and the state and local officials of sanctuary cities.\n\n"
                ), text)
            XCTAssertTrue(text.hasSuffix("\n\nDana Rivera\n1 Broadway\nOakland, CA 94612\ndana.rivera@example.org"))
            for paragraph in text.components(separatedBy: "\n\n") where paragraph.count > 80 {
                XCTAssertFalse(paragraph.contains("\n"), "a paragraph of prose is one line: \(paragraph)")
            }
            XCTAssertEqual(text.components(separatedBy: "\n\n").count, body.components(separatedBy: "\n\n").count)
        }
        let statuses = try letters().filter { $0.channel == .webForm }.map(\.status)
        XCTAssertEqual(statuses, [.deliveredByHand, .drafted, .deliveredByHand])
        let log = try outreach("show", String(webForms[0].id))
        XCTAssertTrue(log.stdout.contains("delivered-by-hand  via web-form"), log.stdout)

        // What is left: the skipped letter alone; quitting leaves it drafted.
        let again = try forms()
        XCTAssertTrue(again.waitFor(FormWalk.question), again.output)
        again.type("q")
        XCTAssertEqual(again.waitForExit(), 0)
        XCTAssertTrue(again.output.contains("[1/1] Letter \(webForms[1].id): Alex Padilla"), again.output)
        XCTAssertTrue(again.output.contains("Recorded 0, skipped 0, not reached 1."), again.output)
        XCTAssertEqual(try letter(webForms[1].id).status, .drafted)
    }

    func testAClipboardToolThatHangsIsStoppedAndTheTextPrintedInstead() throws {
        try stub(
            "wl-copy",
            """
            echo $$ > "\(stubs)/hang.pid"
            /bin/cat > "\(stubs)/hang.txt"
            exec /bin/sleep 600

            """)
        try recordingClipboard("xclip")
        try recordingOpener()
        let webForms = try draftForms()
        let walk = try forms()
        XCTAssertTrue(walk.waitFor(FormWalk.question), walk.output)
        XCTAssertTrue(
            walk.output.contains(
                "Message:   not on the clipboard (wl-copy: it did not finish within 5 seconds and was stopped); copy it from between the lines:"
            ), walk.output)
        walk.type("s")
        XCTAssertTrue(walk.waitFor(FormWalk.question, count: 2), walk.output)
        walk.type("q")
        XCTAssertEqual(walk.waitForExit(), 0, walk.output)
        let output = walk.output
        XCTAssertTrue(
            output.contains("not on the clipboard (wl-copy: it failed before, so it was not tried again)"), output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(stubs)/count"), "xclip, second on the list, unused")

        let bodies = try bodies()
        for letter in webForms.prefix(2) {
            let start = "----- letter \(letter.id): copy from the next line -----\n"
            let end = "\n----- end of letter \(letter.id) -----"
            let printed = try XCTUnwrap(
                output.range(of: start).flatMap { from in
                    output.range(of: end, range: from.upperBound..<output.endIndex).map {
                        String(output[from.upperBound..<$0.lowerBound])
                    }
                }, output)
            XCTAssertEqual(words(printed), words(try XCTUnwrap(bodies[letter.id])))
            XCTAssertTrue(printed.contains("I live in Oakland, CA, and I am writing to you about the Justice"))
        }
        let hung = try String(contentsOfFile: "\(stubs)/hang.txt", encoding: .utf8)
        XCTAssertTrue(hung.hasPrefix("Dear Representative Simon,\n\n"), hung)
        let pid = try XCTUnwrap(
            Int32(try String(contentsOfFile: "\(stubs)/hang.pid", encoding: .utf8).trimmingCharacters(in: .newlines)))
        waitUntil("the hanging clipboard tool is gone") { kill(pid, 0) != 0 }
        XCTAssertEqual(try letters().filter { $0.channel == .webForm }.map(\.status), [.drafted, .drafted, .drafted])
    }

    func testWithoutAClipboardToolOrAWorkingOpenerTheTextAndTheAddressArePrinted() throws {
        try stub("xdg-open", "exit 3\n")
        let webForms = try draftForms()
        let walk = try forms([String(webForms[2].id)])
        XCTAssertTrue(walk.waitFor(FormWalk.question), walk.output)
        walk.type("yes")
        XCTAssertEqual(walk.waitForExit(), 0, walk.output)
        for line in [
            "Message:   no clipboard tool here (wl-copy, xclip, xsel, pbcopy); copy it from between the lines:",
            "----- letter \(webForms[2].id): copy from the next line -----\nDear Senator Schiff,\n\n",
            "Open the form yourself (xdg-open: it exited with status 3): \(webForms[2].contactForm)",
            "Recorded 1, skipped 0.",
        ] {
            XCTAssertTrue(walk.output.contains(line), "missing: \(line)\n\(walk.output)")
        }
        XCTAssertEqual(try letter(webForms[2].id).status, .deliveredByHand)
    }

    func testBrowserIsTheLastOpenerAndGetsTheAddressAsOneArgument() throws {
        try recordingClipboard()
        try stub("firefox", "for a in \"$@\"; do echo \"[$a]\" >> \"\(stubs)/browser\"; done\n")
        let webForms = try draftForms()
        let walk = try forms([String(webForms[0].id)], browser: "firefox --new-tab %s:/usr/bin/other")
        XCTAssertTrue(walk.waitFor(FormWalk.question), walk.output)
        walk.type("q")
        XCTAssertEqual(walk.waitForExit(), 0, walk.output)
        XCTAssertTrue(walk.output.contains("Opened the form with firefox."), walk.output)
        XCTAssertEqual(
            try String(contentsOfFile: "\(stubs)/browser", encoding: .utf8),
            "[--new-tab]\n[\(webForms[0].contactForm)]\n")
    }

    func testOffATerminalJSONGivesTheSameDataAndTheWalkIsRefused() throws {
        let webForms = try draftForms()
        XCTAssertEqual(try outreach("profile", "set", "zip4", "1234").status, 0)
        let result = try outreach("forms", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        struct Entry: Decodable {
            var id: Int64
            var recipient: String
            var office: String
            var url: String
            var fields: [String: String]
            var missing: [String]
            var text: String
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(result.stdout.utf8))
        XCTAssertEqual(entries.map(\.id), webForms.map(\.id))
        XCTAssertEqual(entries.map(\.url), webForms.map(\.contactForm))
        let first = try XCTUnwrap(entries.first)
        XCTAssertEqual(first.recipient, "Lateefah Simon")
        XCTAssertEqual(
            first.fields,
            [
                "prefix": "Ms.", "name": "Dana Rivera", "street": "1 Broadway", "city": "Oakland", "state": "CA",
                "zip": "94612", "zip4": "1234", "email": "dana.rivera@example.org", "topic": "Immigration",
                "subject":
                    "What the Justice Department should do about sanctuary-city officials: a view from Oakland, CA",
            ])
        XCTAssertEqual(first.missing, ["phone"])
        let bodies = try bodies()
        for entry in entries { XCTAssertEqual(words(entry.text), words(try XCTUnwrap(bodies[entry.id]))) }

        let shown = try outreach("show", String(first.id), "--form")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("Message (paragraphs, ready to paste):\n\(first.text)\n"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("ZIP+4:     1234 (94612-1234)"), shown.stdout)

        let walk = try outreach("forms")
        XCTAssertEqual(walk.status, 64)
        XCTAssertEqual(
            walk.stderr,
            "error: forms: it asks after each form whether you submitted it, and standard input is not a terminal\nhint: run it on a terminal, or use --json for the same data in a script\n"
        )
        let mayor = try XCTUnwrap(try letters().first { $0.channel == .email })
        let notAForm = try outreach("forms", "--json", String(mayor.id))
        XCTAssertEqual(notAForm.status, 64)
        XCTAssertTrue(
            notAForm.stderr.contains("letter \(mayor.id) has no web form (its channel is email)"), notAForm.stderr)
    }

    /// Issue 18 in the walk: what it shows (the recipient, the office, the letter printed for
    /// copying) has invisible and bidirectional characters made visible, as everything printed;
    /// the clipboard gets the letter as it is, since that is what the form will send.
    func testTheWalkShowsEveryCharacterVisiblyAndTheClipboardGetsTheTextAsItIs() throws {
        try makeOaklandProfile()
        // A clipboard tool that takes the text and then fails: the walk prints the text as well.
        try stub("xclip", "/bin/cat > \"\(stubs)/clip-1.txt\"; echo 1 > \"\(stubs)/count\"; exit 1\n")
        try recordingOpener()
        let name = "Alex \u{202E}eoD"
        let csv =
            Self.header + "\n"
            + Self.row(id: "f1", name: name, family: "Doe", email: "", form: "https://example.org/contact") + "\n"
        let drafted = try draftFixture(
            csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\n\n{{note}}\n"),
            extra: ["--note", "We\u{200B} care."])
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let walk = try forms()
        XCTAssertTrue(walk.waitFor(FormWalk.question), walk.output)
        walk.type("s")
        XCTAssertEqual(walk.waitForExit(), 0, walk.output)
        XCTAssertTrue(walk.output.contains("Alex \\u{202E}eoD"), walk.output)
        XCTAssertTrue(walk.output.contains("We\\u{200B} care."), walk.output)
        XCTAssertFalse(walk.output.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{200B}" }, walk.output)
        XCTAssertEqual(try clipboardTexts(), ["Dear Mayor Doe,\n\nWe\u{200B} care."])
    }

    private func letter(_ id: Int64) throws -> Letter {
        try XCTUnwrap(try letters().first { $0.id == id })
    }
}
