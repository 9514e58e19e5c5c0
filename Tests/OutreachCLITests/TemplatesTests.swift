import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `outreach templates` and the layering of your own templates over the shipped ones.
final class TemplatesTests: CLITestCase {
    struct Row: Decodable {
        var name: String
        var origin: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // The key `templates list --json` prints.
        var replaces_shipped: Bool
        var file: String
        var audience: [String]
        var sender: String?
        var `where`: [String]
        var topic: String
        var problem: String?
    }

    func templates() throws -> [Row] {
        let result = try outreach("templates", "list", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
    }

    func testYourTemplatesSitBesideAndReplaceTheShippedOnes() throws {
        XCTAssertEqual(
            try templates().map { "\($0.name) \($0.origin) \($0.sender ?? "") \($0.where.joined(separator: " "))" },
            [
                "mayor-safe-reporting shipped anyone sanctuary_policy=no sanctuary_policy=",
                "mayor-solidarity shipped resident ", "mayor-solidarity-elsewhere shipped anyone sanctuary_policy=yes",
                "organization-sanctuary shipped anyone ", "representative-sanctuary shipped resident ",
            ])
        let copy = try outreach("templates", "new", "mayor-solidarity", "--from", "mayor-solidarity")
        XCTAssertEqual(copy.status, 0, copy.stderr)
        let mine = "\(home)/templates/mayor-solidarity.txt"
        XCTAssertEqual(
            FileManager.default.contents(atPath: mine),
            FileManager.default.contents(atPath: "\(Repository.templates)/mayor-solidarity.txt"))
        let edited = try String(contentsOfFile: mine, encoding: .utf8).replacingOccurrences(
            of: "Thank you for your service to our city.", with: "Thank you, from my own copy.")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: mine))
        let rows = try templates()
        XCTAssertEqual(
            rows.map { "\($0.name) \($0.origin) \($0.replaces_shipped)" },
            [
                "mayor-safe-reporting shipped false", "mayor-solidarity yours true",
                "mayor-solidarity-elsewhere shipped false", "organization-sanctuary shipped false",
                "representative-sanctuary shipped false",
            ])
        XCTAssertEqual(rows.first { $0.name == "mayor-solidarity" }?.file, mine)
        let table = try outreach("templates", "list")
        for line in [
            "NAME                        WHOSE                     AUDIENCE                                   SENDER    CHOSEN FOR                     DESCRIPTION",
            "mayor-safe-reporting        shipped                   mayor                                      anyone    sanctuary_policy: no or empty  To any city's mayor, from anywhere:",
            "mayor-solidarity            yours (replaces shipped)  mayor                                      resident  your own offices               To your own mayor, as a resident:",
            "mayor-solidarity-elsewhere  shipped                   mayor                                      anyone    sanctuary_policy: yes          To any city's mayor, from anywhere:",
            "organization-sanctuary      shipped                   representative, senator, state-legislator  anyone    any office                     To any legislator, for an organization",
        ] {
            XCTAssertTrue(table.stdout.contains(line), "\(line)\n\(table.stdout)")
        }

        try makeOaklandProfile()
        let draft = try outreach("draft", "--to", "mayor", "--note", "hi")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        let message = try MessageCheck.check(try XCTUnwrap(messages().first))
        XCTAssertTrue(message.text.contains("Thank you, from my own copy."), message.text)
        XCTAssertEqual(
            try String(contentsOfFile: "\(Repository.templates)/mayor-solidarity.txt", encoding: .utf8).contains(
                "Thank you for your service to our city."), true,
            "the shipped template is unchanged")
    }

    func testNewShowAndTheirErrors() throws {
        let starter = try outreach("templates", "new", "city-council")
        XCTAssertEqual(starter.status, 0, starter.stderr)
        XCTAssertTrue(starter.stdout.contains("Wrote \(home)/templates/city-council.txt"), starter.stdout)
        var info = stat()
        XCTAssertEqual(stat("\(home)/templates/city-council.txt", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(
            try templates().first { $0.name == "city-council" }?.problem,
            "\(home)/templates/city-council.txt:4: the template is not finished: it still holds the placeholder [write here: the topic]",
            "the starter parses, and is listed as not finished")
        let shown = try outreach("templates", "show", "city-council")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.hasPrefix("---\naudience: mayor\n"), shown.stdout)
        XCTAssertEqual(shown.stderr, "# city-council: yours, \(home)/templates/city-council.txt\n")
        let shipped = try outreach("templates", "show", "representative-sanctuary")
        XCTAssertEqual(
            shipped.stdout,
            try String(contentsOfFile: "\(Repository.templates)/representative-sanctuary.txt", encoding: .utf8))
        XCTAssertTrue(
            shipped.stderr.hasPrefix("# representative-sanctuary: shipped, Templates/representative-sanctuary.txt"),
            shipped.stderr)

        let again = try outreach("templates", "new", "city-council")
        XCTAssertEqual(again.status, 73, again.stderr)
        XCTAssertTrue(
            again.stderr.contains("error: a template of yours already exists at \(home)/templates/city-council.txt"),
            again.stderr)
        XCTAssertEqual(
            try outreach("templates", "new", "city-council", "--from", "mayor-solidarity", "--force").status, 0)
        let badName = try outreach("templates", "new", "../escape")
        XCTAssertEqual(badName.status, 64, badName.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(home)/escape.txt"))
        let unknown = try outreach("templates", "new", "x", "--from", "nonesuch")
        XCTAssertEqual(unknown.status, 66, unknown.stderr)
        XCTAssertTrue(
            unknown.stderr.contains("error: no template 'nonesuch' in \(home)/templates or Templates"), unknown.stderr)
        XCTAssertEqual(try outreach("templates", "show", "nonesuch").status, 66)

        // A broken template of one's own is listed as broken, not hidden.
        try Data("no front matter\n".utf8).write(to: URL(fileURLWithPath: "\(home)/templates/broken.txt"))
        XCTAssertEqual(
            try templates().first { $0.name == "broken" }?.problem?.contains("broken.txt:1: front matter"), true)
    }

    func testRunsFromAnyFolderWithTheShippedData() throws {
        try makeOaklandProfile()
        let elsewhere = try TemporaryDirectory("outreach-elsewhere")
        let result = try RunOutreach.run(["whoami"], in: elsewhere.url.path, environment: ["OUTREACH_HOME": home])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Barbara Lee, Mayor, Oakland"), result.stdout)
        let list = try RunOutreach.run(
            ["templates", "list", "--json"], in: elsewhere.url.path, environment: ["OUTREACH_HOME": home])
        XCTAssertTrue(list.stdout.contains("\"file\" : \"\(Repository.templates)/mayor-solidarity.txt\""), list.stdout)
    }

    /// A template of one's own that is broken blocks only the drafts it could be part of.
    func testABrokenTemplateBlocksOnlyTheRolesItIsFor() throws {
        try makeOaklandProfile()
        let mine = "\(home)/templates"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try Data("---\naudience: mayor\nsubject: \"x\"\n---\n{{#a}}\nhello\n".utf8).write(
            to: URL(fileURLWithPath: "\(mine)/ptytest.txt"))
        let senator = try outreach("draft", "--to", "senator", "--note", "x")
        XCTAssertEqual(senator.status, 0, senator.stderr)
        XCTAssertEqual(
            senator.stderr,
            "warning: \(mine)/ptytest.txt:5: section {{#a}} is never closed (left out of this draft)\n")
        XCTAssertEqual(try letters().map(\.template), ["representative-sanctuary", "representative-sanctuary"])

        // For the role it is written for, it still refuses; with others, every one is reported.
        try Data("---\naudience: mayor\nsubject: \"{{#b}}\"\n---\nhello\n".utf8).write(
            to: URL(fileURLWithPath: "\(mine)/second.txt"))
        let mayor = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(mayor.status, 65, mayor.stderr)
        XCTAssertTrue(
            mayor.stderr.contains("error: \(mine)/ptytest.txt:5: section {{#a}} is never closed\n"), mayor.stderr)
        XCTAssertTrue(
            mayor.stderr.contains("error: \(mine)/second.txt:3: section {{#b}} is never closed\n"), mayor.stderr)

        // A template whose front matter cannot be read may be for any role: it refuses every draft.
        try Data("no front matter\n".utf8).write(to: URL(fileURLWithPath: "\(mine)/unread.txt"))
        let before = databaseBytes()
        let refused = try outreach("draft", "--to", "senator", "--note", "x", "--again")
        XCTAssertEqual(refused.status, 65, refused.stderr)
        for line in [
            "error: \(mine)/ptytest.txt:5: section {{#a}} is never closed",
            "error: \(mine)/second.txt:3: section {{#b}} is never closed",
            "error: \(mine)/unread.txt:1: front matter: the file does not start with '---'",
        ] {
            XCTAssertTrue(refused.stderr.contains(line + "\n"), "\(line)\n\(refused.stderr)")
        }
        XCTAssertEqual(databaseBytes(), before, "nothing written")
    }

    /// A front matter whose YAML and `audience` read tells whom the template is for, even when
    /// another key is wrong: a draft to another role leaves it out with a warning.
    func testAFrontMatterErrorBlocksOnlyTheRolesItIsFor() throws {
        try makeOaklandProfile()
        let mine = "\(home)/templates"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(mine)/\(name).txt"))
        }
        try write("b", "---\naudience: council-member\nsender: bogus\nsubject: x\n---\nDear {{recipient.name}},\n")
        try write("c", "---\naudience: council-member\n---\nDear {{recipient.name}},\n")
        try write("d", "---\naudience: council-member\nsubject: x\nwhere: [nonsense]\n---\nDear {{recipient.name}},\n")
        let warnings = [
            "\(mine)/b.txt:3: front matter: 'sender' is 'bogus'; it takes one of resident, anyone (left out of this draft)",
            "\(mine)/c.txt:2: front matter: 'subject' is missing (left out of this draft)",
            "\(mine)/d.txt:4: front matter: 'where' holds \"nonsense\", not COLUMN=VALUE (left out of this draft)",
        ]
        let senator = try outreach("draft", "--to", "senator", "--note", "x", "--json")
        XCTAssertEqual(senator.status, 0, senator.stderr)
        XCTAssertEqual(senator.stderr, warnings.map { "warning: \($0)\n" }.joined())
        let summary = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(senator.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["templates_left_out"] as? [String], warnings)
        XCTAssertEqual(try letters().map(\.template), ["representative-sanctuary", "representative-sanctuary"])

        // Named with --template, it is refused.
        let before = databaseBytes()
        let named = try outreach("draft", "--to", "senator", "--note", "x", "--template", "b", "--again")
        XCTAssertEqual(named.status, 65, named.stderr)
        XCTAssertTrue(
            named.stderr.hasPrefix("error: \(mine)/b.txt:3: front matter: 'sender' is 'bogus'"), named.stderr)

        // For a role its audience holds, it refuses the draft.
        try write(
            "b", "---\naudience: [council-member, senator]\nsender: bogus\nsubject: x\n---\nDear {{recipient.name}},\n")
        let forRole = try outreach("draft", "--to", "senator", "--note", "x", "--again")
        XCTAssertEqual(forRole.status, 65, forRole.stderr)
        XCTAssertTrue(
            forRole.stderr.hasPrefix("error: \(mine)/b.txt:3: front matter: 'sender' is 'bogus'"), forRole.stderr)

        // YAML that cannot be read may be for any role: it refuses every draft.
        try write("b", "---\naudience: council-member\nsubject: [x\n---\nDear {{recipient.name}},\n")
        let unread = try outreach("draft", "--to", "senator", "--note", "x", "--again")
        XCTAssertEqual(unread.status, 65, unread.stderr)
        XCTAssertTrue(unread.stderr.hasPrefix("error: \(mine)/b.txt:"), unread.stderr)
        XCTAssertTrue(unread.stderr.contains("front matter"), unread.stderr)
        XCTAssertEqual(databaseBytes(), before, "nothing written")
    }

    /// An unfinished template for another role is a warning even when the draft is refused;
    /// a warning quoting a line break stays one line.
    func testARefusedDraftStillWarnsOfAnUnfinishedTemplateOnOneLine() throws {
        try makeOaklandProfile()
        let new = try outreach("templates", "new", "mine", "--no-edit")
        XCTAssertEqual(new.status, 0, new.stderr)
        let mine = "\(home)/templates"
        // A tag left open: its name runs over the line break.
        try Data("---\naudience: senator\nsubject: x\n---\nDear {{recipient.name}\n{{#a}}\n".utf8).write(
            to: URL(fileURLWithPath: "\(mine)/open.txt"))
        let unfinished =
            "warning: \(mine)/mine.txt:4: the template is not finished: it still holds the placeholder [write here: the topic] (left out of this draft)\n"
        let senator = try outreach("draft", "--to", "senator", "--note", "x")
        XCTAssertEqual(senator.status, 65, senator.stderr)
        XCTAssertTrue(
            senator.stderr.hasPrefix(
                unfinished + "error: \(mine)/open.txt:5: 'recipient.name}\\n{{#a' is not a field name\n"),
            senator.stderr)
        XCTAssertFalse(senator.stderr.contains("error: \(mine)/mine.txt"), senator.stderr)
        XCTAssertEqual(try letters().count, 0, "nothing written")

        // Left out of a draft to another role, the open tag's warning is one line too.
        let mayor = try outreach("draft", "--to", "mayor", "--note", "x", "--json")
        XCTAssertEqual(mayor.status, 0, mayor.stderr)
        let warnings = [
            "\(mine)/mine.txt:4: the template is not finished: it still holds the placeholder [write here: the topic] (left out of this draft)",
            "\(mine)/open.txt:5: 'recipient.name}\\n{{#a' is not a field name (left out of this draft)",
        ]
        XCTAssertEqual(mayor.stderr, warnings.map { "warning: \($0)\n" }.joined())
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(mayor.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["templates_left_out"] as? [String], warnings)
        XCTAssertEqual(try letters().map(\.template), ["mayor-solidarity"])
    }

    /// `templates new NAME` without `--from` writes a starter that is never drafted as it is.
    func testAnUnfinishedStarterIsNeverDrafted() throws {
        try makeOaklandProfile()
        let new = try outreach("templates", "new", "mine", "--no-edit")
        XCTAssertEqual(new.status, 0, new.stderr)
        XCTAssertTrue(new.stdout.contains("in place of every [write here: …]"), new.stdout)
        let file = "\(home)/templates/mine.txt"

        // The draft the README teaches still works: the starter is left out, with a warning.
        let draft = try outreach("draft", "--to", "mayor", "--note", "x")
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertEqual(
            draft.stderr,
            "warning: \(file):4: the template is not finished: it still holds the placeholder [write here: the topic] (left out of this draft)\n"
        )
        XCTAssertEqual(try letters().map(\.template), ["mayor-solidarity"])

        // Named, it is refused with where to finish it.
        let named = try outreach("draft", "--to", "mayor", "--note", "x", "--template", "mine")
        XCTAssertEqual(named.status, 65, named.stderr)
        XCTAssertEqual(
            named.stderr,
            """
            error: \(file):4: the template is not finished: it still holds the placeholder [write here: the topic]
            hint: write your own words in place of every placeholder: open \(file) in your editor ($EDITOR \(file); 'outreach templates show mine' prints it)

            """)
        XCTAssertEqual(try letters().count, 1)

        // The only template for a role: refused rather than "no template".
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "audience: mayor", with: "audience: senator").utf8).write(
            to: URL(fileURLWithPath: "\(home)/templates/senators.txt"))
        let senators = try outreach(
            "draft", "--to", "senator", "--note", "x", "--templates", "\(home)/templates")
        XCTAssertEqual(senators.status, 65, senators.stderr)
        XCTAssertTrue(senators.stderr.contains("senators.txt:4: the template is not finished"), senators.stderr)

        // Finished, it drafts.
        let finished = text.replacingOccurrences(of: "[write here: the topic]", with: "safe streets")
            .replacingOccurrences(of: "[write here: what you ask of the mayor, and why]", with: "lighting on 14th")
        try Data(finished.utf8).write(to: URL(fileURLWithPath: file))
        let done = try outreach("draft", "--to", "mayor", "--note", "x", "--template", "mine")
        XCTAssertEqual(done.status, 0, done.stderr)
        let message = try MessageCheck.check(try XCTUnwrap(messages().last))
        XCTAssertTrue(message.text.contains("I am writing about lighting on 14th."), message.text)
    }

    /// `templates new` on a terminal: an editor closed without changes leaves a starter that is
    /// kept, and said to be unfinished (a warning, not a failure).
    func testAnEditorClosedWithoutChangesLeavesAnUnfinishedStarter() throws {
        let terminal = try PseudoTerminal(
            RunOutreach.binary, ["templates", "new", "later"],
            environment: [
                "OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "HOME": folder.path("user"), "LANG": "C.UTF-8",
                "TERM": "dumb", "EDITOR": "true", "VISUAL": "",
            ], in: folder.url.path)
        XCTAssertEqual(terminal.waitForExit(), 0, terminal.output)
        let file = "\(home)/templates/later.txt"
        XCTAssertTrue(
            terminal.output.contains(
                "warning: \(file):4: the template is not finished: it still holds the placeholder [write here: the topic]; draft leaves it out until it is finished"
            ), terminal.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
    }

    /// With no template for the role, the hint says how to make one rather than offering
    /// templates that `--template` would refuse for the role.
    func testNoTemplateForTheRoleSaysHowToMakeOne() throws {
        try makeOaklandProfile()
        let only = try folder.write(
            "Only/mayor-solidarity.txt",
            String(contentsOfFile: "\(Repository.templates)/mayor-solidarity.txt", encoding: .utf8))
        let result = try outreach(
            "draft", "--to", "senator", "--note", "x", "--templates", (only as NSString).deletingLastPathComponent)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(
            result.stderr,
            """
            error: no template is written for 'senator'
            hint: write one: outreach templates new NAME --from TEMPLATE (one of: mayor-solidarity), then set 'audience: senator' in it

            """)
    }
}
