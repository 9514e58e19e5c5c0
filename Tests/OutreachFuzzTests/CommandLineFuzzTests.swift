import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Generated argument lists, notes, templates, recipient files, spreadsheets to import, profile
/// values and edits through the real binary. Fails on a crash (a signal), a hang, an exit status the README does not
/// list, a character a terminal would hide or act on in what is printed, and a refused command
/// that changed the queue or the profile.
///
/// Nothing here reaches the network: `send` runs only with `--dry-run`, and no `smtp.*`,
/// `imap.*` or `recipients update` is generated.
final class CommandLineFuzzTests: XCTestCase {
    private static let statuses: Set<Int32> = [0, 1, 64, 65, 66, 69, 73, 75, 77, 78]

    private var folder: TemporaryDirectory!
    private var home: String { folder.path("home") }

    override func setUpWithError() throws {
        folder = try TemporaryDirectory("outreach-fuzz-cli")
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        folder = nil
    }

    private var environment: [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": folder.url.path, "LANG": "C.UTF-8", "TZ": "America/Los_Angeles",
            "OUTREACH_HOME": home, "EDITOR": folder.path("editor.sh"), "PAGER": "cat",
            "OUTREACH_PASSWORD_COMMAND_TIMEOUT": "2",
        ]
    }

    private func run(_ arguments: [String], label: String) throws -> TimedRun {
        let result = try TimedRun.run(
            RunOutreach.binary, arguments, in: folder.url.path, environment: environment, seconds: 120)
        XCTAssertFalse(result.timedOut, "\(label): hung: \(arguments.map { VisibleText.escaped($0) })")
        XCTAssertFalse(
            result.signaled, "\(label): crashed (signal \(result.status)): \(arguments.map { VisibleText.escaped($0) })"
        )
        return result
    }

    /// A value for a flag: often a sensible one, sometimes anything.
    private func pick(_ sensible: [String], _ generator: inout SeededGenerator) -> String {
        if Hostile.oneIn(3, &generator) {
            return [
                Hostile.line(&generator, pieces: 3), "", "/dev/zero", "../outside", folder.path("Recipients"),
                String(repeating: "x", count: 5_000),
            ].randomElement(using: &generator) ?? ""
        }
        return sensible.randomElement(using: &generator) ?? ""
    }

    /// Writes the generated files a case may use.
    private func writeInputs(_ generator: inout SeededGenerator) throws {
        let header = RecipientColumn.required.joined(separator: ",")
        var rows = [header]
        for row in 0..<Int.random(in: 1...4, using: &generator) {
            var values = RecipientColumn.required.map { _ in
                Hostile.line(&generator, pieces: 2).replacingOccurrences(of: ",", with: "").replacingOccurrences(
                    of: "\"", with: "")
            }
            for (column, fixed) in [
                ("id", "f\(row)"), ("role", "mayor"), ("email", "f\(row)@example.com"), ("state", "CA"),
                ("jurisdiction", "Oakland"), ("contact_form", ""),
            ] where !Hostile.oneIn(6, &generator) {
                if let position = RecipientColumn.required.firstIndex(of: column) { values[position] = fixed }
            }
            rows.append(values.joined(separator: ","))
        }
        try folder.write("Recipients/fuzz.csv", rows.joined(separator: "\n") + "\n")
        let body = TemplateGenerator.body(&generator, broken: Hostile.oneIn(3, &generator))
        try folder.write(
            "Templates/fuzz.txt", "---\naudience: mayor\nsubject: 'About {{recipient.jurisdiction}}'\n---\n\(body)")
        // A spreadsheet as people export it, its headers and values generated too.
        let sheet = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
            ["Name", "Email", "Ward #", Hostile.line(&generator, pieces: 2)].map { column in
                Hostile.oneIn(2, &generator) ? column : Hostile.line(&generator, pieces: 2)
            }.joined(separator: [",", ";", "\t"].randomElement(using: &generator) ?? ",")
        }
        try folder.write("sheet.csv", sheet.joined(separator: Hostile.oneIn(2, &generator) ? "\n" : "\r\n") + "\n")
        try folder.write("note.txt", Hostile.text(&generator, lines: 3))
        let edit =
            Hostile.oneIn(2, &generator) ? "Subject: \(Hostile.line(&generator))\n\n\(Hostile.text(&generator))" : ""
        try folder.write("edit.txt", edit)
        let editor = try folder.write(
            "editor.sh",
            "#!/bin/sh\n[ -s \(folder.path("edit.txt")) ] && cat \(folder.path("edit.txt")) > \"$1\"\nexit 0\n")
        chmod(editor, 0o755)
    }

    private func arguments(_ generator: inout SeededGenerator) -> [String] {
        let id = pick(["1", "2", "3", "99"], &generator)
        let inputs = ["--recipients", pick([folder.path("Recipients")], &generator)]
        switch Int.random(in: 0..<16, using: &generator) {
        case 0, 1, 2:
            var arguments =
                ["draft", "--to", pick(["mayor", "representative", "mayor,council-member"], &generator), "--anywhere"]
                + inputs
            arguments += ["--templates", folder.path("Templates"), "--template", pick(["fuzz", "letter"], &generator)]
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: arguments += ["--note", Hostile.text(&generator, lines: 2)]
            case 1: arguments += ["--note-file", pick([folder.path("note.txt")], &generator)]
            default: break
            }
            if Hostile.oneIn(2, &generator) { arguments.append("--again") }
            if Hostile.oneIn(4, &generator) { arguments += ["--district", pick(["12", "CA-12", "ZZ-1"], &generator)] }
            if Hostile.oneIn(4, &generator) { arguments += ["--where", pick(["party=x", "id=f0"], &generator)] }
            if Hostile.oneIn(4, &generator) { arguments += ["--state", pick(["CA", "ZZ"], &generator)] }
            if Hostile.oneIn(4, &generator) { arguments.append("--json") }
            return arguments
        case 3: return ["queue"] + (Hostile.oneIn(2, &generator) ? ["--json"] : [])
        case 4: return ["show", id] + ([["--json"], ["--form"], []].randomElement(using: &generator) ?? [])
        case 5: return ["discard", id]
        case 6: return ["edit", id]
        case 7:
            let since = pick(["2026-01-01", "7d"], &generator)
            return ["log"] + ([["--json"], ["--since", since], []].randomElement(using: &generator) ?? [])
        case 8: return ["mark", id, "--delivered-by-hand", "--via", pick(["web-form", "postal"], &generator)]
        case 9:
            return [
                "profile", "set", pick(["name", "street", "city", "phone", "district", "zip"], &generator),
                Hostile.line(&generator),
            ]
        case 10: return ["recipients", "list", "--anywhere"] + inputs + ["--to", pick(["mayor"], &generator)]
        case 11:
            return ["templates", pick(["list", "show"], &generator), "--templates", folder.path("Templates")]
                + (Hostile.oneIn(2, &generator) ? ["fuzz"] : [])
        case 12: return ["templates", "new", pick(["mine", "../x"], &generator), "--no-edit"]
        case 13:
            return [
                "recipients", "import", "csv", pick([folder.path("sheet.csv")], &generator), "--role",
                pick(["council-member", "Mayor"], &generator), "--name", pick(["fuzz"], &generator), "--force",
            ] + (Hostile.oneIn(2, &generator) ? ["--json"] : [])
        case 14: return ["forms", "--json"] + (Hostile.oneIn(2, &generator) ? [id] : [])
        default: return ["send", "--dry-run"]
        }
    }

    func testCommandsRefuseOrSucceedAndShowEverythingVisibly() throws {
        let initialized = try run(
            [
                "init", "--name", "Dana Rivera", "--email", "dana@example.org", "--street", "1 Broadway", "--city",
                "Oakland",
                "--state", "CA", "--zip", "94612",
            ], label: "setup")
        XCTAssertEqual(initialized.status, 0, String(decoding: initialized.stderr, as: UTF8.self))
        try folder.write(
            "Templates/letter.txt",
            "---\naudience: mayor\nsubject: Hello\n---\nDear {{recipient.name}},\n\n{{#note}}{{note}}{{/note}}\n")
        // A queue with letters in it, so that refused commands have something to leave alone.
        let seed = try folder.write(
            "seed.csv",
            RecipientColumn.required.joined(separator: ",") + "\n"
                + "s1,mayor,Alex Doe,Alex,Doe,Mayor,Oakland,CA,,,s1@example.com,,555-0100,1 City Hall,,test\n"
                + "s2,mayor,Sam Roe,Sam,Roe,Mayor,Oakland,CA,,,,https://example.org/form,555-0101,2 City Hall,,test\n")
        let seeded = try run(
            [
                "draft", "--to", "mayor", "--anywhere", "--recipients", seed, "--templates", folder.path("Templates"),
                "--template", "letter", "--note", "seed",
            ], label: "setup")
        XCTAssertEqual(seeded.status, 0, String(decoding: seeded.stderr, as: UTF8.self))
        for index in 0..<FuzzSettings.cases(400) {
            let label = FuzzSettings.label("command line", index)
            var generator = SeededGenerator.forCase("command line", index)
            try writeInputs(&generator)
            let arguments = arguments(&generator)
            let database = FileManager.default.contents(atPath: folder.path("home/outreach.sqlite"))
            let profile = FileManager.default.contents(atPath: folder.path("home/profile.toml"))
            let result = try run(arguments, label: label)
            let shown = arguments.map { VisibleText.escaped($0) }
            XCTAssertTrue(Self.statuses.contains(result.status), "\(label): exit \(result.status) for \(shown)")
            for (name, data) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                // The message bytes of a dry run end their lines with CRLF, as sent.
                let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                let hidden = text.unicodeScalars.filter { VisibleText.needsEscape($0, keepingLineBreaks: true) }
                XCTAssertTrue(
                    hidden.isEmpty, "\(label): \(name) holds \(hidden.map { String($0.value, radix: 16) }) for \(shown)"
                )
            }
            if result.status == 0 && ["draft", "edit"].contains(arguments.first) {
                // Whatever was accepted holds no control character but tab and line breaks.
                let queue = try LetterQueue(
                    file: URL(fileURLWithPath: folder.path("home/outreach.sqlite")), readOnly: true)
                for letter in try queue.letters() {
                    let message = try queue.message(id: letter.id)
                    XCTAssertFalse(
                        message.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F },
                        "\(label): letter \(letter.id) holds a control character after \(shown)")
                }
            }
            if result.status != 0 {
                XCTAssertEqual(
                    FileManager.default.contents(atPath: folder.path("home/outreach.sqlite")), database,
                    "\(label): a refused command changed the queue: \(shown)")
                XCTAssertEqual(
                    FileManager.default.contents(atPath: folder.path("home/profile.toml")), profile,
                    "\(label): a refused command changed the profile: \(shown)")
            }
        }
    }
}
