import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `outreach init` and `outreach profile`.
final class ProfileTests: CLITestCase {
    func testInitWritesAPrivateProfileAndNeverOverwrites() throws {
        try makeOaklandProfile()
        var info = stat()
        XCTAssertEqual(stat(folder.path("home/profile.toml"), &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(stat(home, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        let again = try outreach(
            "init", "--name", "X", "--email", "x@example.org", "--street", "s", "--city", "c", "--state", "NY", "--zip",
            "10001")
        XCTAssertEqual(again.status, 78)
        XCTAssertTrue(again.stderr.contains("a profile already exists"), again.stderr)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)
        let forced = try outreach(
            "init", "--force", "--name", "X", "--email", "x@example.org", "--street", "s", "--city", "c", "--state",
            "ny", "--zip", "10001")
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let shown = try outreach("profile", "show", "--json")
        let values = try JSONDecoder().decode([String: String].self, from: Data(shown.stdout.utf8))
        XCTAssertEqual(values["state"], "NY")
        XCTAssertEqual(values["name"], "X")
    }

    func testEachValueIsValidatedWithOneLineNamingTheKey() throws {
        let cases: [([String], String)] = [
            (["--email", "not-an-address"], "profile key 'email': \"not-an-address\" has no '@'"),
            (["--state", "XX"], "profile key 'state': \"XX\" is not a US state code"),
            (["--zip", "9461"], "profile key 'zip': \"9461\" is not a 5-digit ZIP code"),
            (["--district", "NY-3"], "profile key 'district': \"NY-3\" is in NY but the profile's state is CA"),
            (["--name", "Dana\nBcc: x@example.org"], "profile key 'name'"),
        ]
        for (override, message) in cases {
            var arguments = [
                "init", "--name", "Dana", "--email", "d@example.org", "--street", "1 Main", "--city", "Oakland",
                "--state", "CA", "--zip", "94612",
            ]
            arguments += override
            let result = try outreach(arguments)
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stderr.contains("error: \(message)"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("home/profile.toml")))
        }
        let missing = try outreach("init", "--name", "Dana")
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(
            missing.stderr.contains(
                "error: missing --email, --street, --city, --state, --zip (not on a terminal, so nothing was asked)"),
            missing.stderr)
    }

    func testProfileSet() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("profile", "set", "district", "12").stdout, "district = CA-12\n")
        XCTAssertEqual(try outreach("profile", "set", "phone", "510-555-0100").status, 0)
        XCTAssertEqual(try outreach("profile", "set", "phone", "").stdout, "phone = (not set)\n")
        let unknown = try outreach("profile", "set", "nmae", "x")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("unknown profile key 'nmae'"), unknown.stderr)
        let bad = try outreach("profile", "set", "zip", "abcde")
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(try outreach("profile", "show").stdout.contains("\ndistrict        CA-12\n"))
    }

    func testPrefixZIPPlusFourAndOrganizationAreOptionalAndChecked() throws {
        let made = try outreach(
            "init", "--name", "Dana Rivera", "--prefix", "Ms.", "--email", "dana@example.org", "--street", "1 Broadway",
            "--city", "Oakland", "--state", "CA", "--zip", "94612", "--zip4", "94612-1234", "--organization",
            "Neighbors for Safe Cities")
        XCTAssertEqual(made.status, 0, made.stderr)
        let shown = try outreach("profile", "show", "--json")
        let values = try JSONDecoder().decode([String: String].self, from: Data(shown.stdout.utf8))
        XCTAssertEqual(values["prefix"], "Ms.")
        XCTAssertEqual(values["zip4"], "1234", "the four digits after the dash")
        XCTAssertEqual(values["organization"], "Neighbors for Safe Cities")
        let plusFour = try outreach("profile", "set", "zip", "94612-1234")
        XCTAssertEqual(plusFour.status, 65)
        XCTAssertTrue(
            plusFour.stderr.contains(
                "hint: give the five digits here and the last four apart: outreach profile set zip4 1234"),
            plusFour.stderr)
        let badFour = try outreach("profile", "set", "zip4", "12a4")
        XCTAssertEqual(badFour.status, 65)
        XCTAssertTrue(
            badFour.stderr.contains("error: profile key 'zip4': \"12a4\" is not the 4 digits of a ZIP+4 code"),
            badFour.stderr)
        let longPrefix = try outreach("profile", "set", "prefix", String(repeating: "x", count: 21))
        XCTAssertEqual(longPrefix.status, 65)
        let injected = try outreach("profile", "set", "organization", "Org\nBcc: x@example.org")
        XCTAssertEqual(injected.status, 65)
        XCTAssertTrue(injected.stderr.contains("holds a line break or control character"), injected.stderr)
        XCTAssertEqual(try outreach("profile", "set", "organization", "").stdout, "organization = (not set)\n")
    }

    func testXDGFoldersAreUsedWithoutAHome() throws {
        let config = folder.path("config")
        let data = folder.path("data")
        let result = try RunOutreach.run(
            [
                "init", "--name", "Dana", "--email", "d@example.org", "--street", "1 Main", "--city", "Oakland",
                "--state", "CA", "--zip", "94612",
            ],
            environment: ["XDG_CONFIG_HOME": config, "XDG_DATA_HOME": data])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(config)/outreach/profile.toml"))
        let draft = try RunOutreach.run(
            ["draft", "--to", "mayor", "--note", "x"], environment: ["XDG_CONFIG_HOME": config, "XDG_DATA_HOME": data])
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(data)/outreach/outreach.sqlite"))
    }

    func testBrokenProfileFileIsNamed() throws {
        try folder.write("home/profile.toml", "name = \"Dana\"\nemail = 42\n")
        let result = try outreach("profile", "show")
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("profile.toml:2: key 'email' must be a string"), result.stderr)
    }

    func testAProviderPresetFillsTheSettingsAndShowSaysSo() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try outreach("profile", "set", "smtp.security", "tls").status, 0)
        let set = try outreach("profile", "set", "smtp.provider", "icloud")
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(
            set.stdout,
            """
            imap.url = imaps://imap.mail.me.com:993
            smtp.auth = password
            smtp.daily_cap = 200
            smtp.provider = icloud
            smtp.url = smtp://smtp.mail.me.com:587

            """)
        XCTAssertTrue(set.stderr.contains("note: iCloud Mail needs an app-specific password"), set.stderr)
        XCTAssertEqual(try outreach("profile", "set", "smtp.daily_cap", "150").status, 0)
        let shown = try outreach("profile", "show")
        XCTAssertTrue(
            shown.stdout.contains("smtp.url smtp://smtp.mail.me.com:587  (from preset icloud)\n"), shown.stdout)
        XCTAssertTrue(
            shown.stdout.contains("imap.url imaps://imap.mail.me.com:993  (from preset icloud)\n"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("smtp.daily_cap 150\n"), "set by hand since: \(shown.stdout)")
        XCTAssertFalse(shown.stdout.contains("smtp.security"), "the preset's URL decides the security")
        let dry = try outreach("send", "--dry-run")
        XCTAssertEqual(dry.status, 0, "the settings the preset left are valid: \(dry.stderr)")

        let unknown = try outreach("profile", "set", "smtp.provider", "aol")
        XCTAssertEqual(unknown.status, 78, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("one of: gmail, google-workspace, outlook"), unknown.stderr)
    }
}
