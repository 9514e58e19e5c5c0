import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// The provider presets: every value is one the settings accept, and a profile says which
/// values came from one.
final class ProviderPresetTests: XCTestCase {
    private func profile(_ extra: [String: String]) -> Profile {
        Profile(
            name: "Dana", email: "dana@example.org", street: "1 Broadway", city: "Oakland", state: "CA", zip: "94612",
            extra: extra)
    }

    func testEveryPresetGivesSettingsThatWork() throws {
        XCTAssertEqual(
            ProviderPreset.all.map(\.name),
            [
                "gmail", "google-workspace", "outlook", "microsoft-365", "yahoo", "icloud", "fastmail", "zoho",
                "proton-bridge",
            ])
        for preset in ProviderPreset.all {
            var values = preset.values
            for (key, value) in values where key.hasPrefix("smtp.") {
                XCTAssertNoThrow(try SMTPSettings.check(key: key, value: value), "\(preset.name) \(key)")
            }
            if let imap = values["imap.url"] {
                XCTAssertNoThrow(try IMAPSettings.check(key: "imap.url", value: imap), preset.name)
            }
            values["smtp.username"] = "dana@example.org"
            let settings = try SMTPSettings(profile: profile(values))
            // Submission ports only, TLS always: never port 25, never smtp.security none.
            XCTAssertTrue([465, 587, 1025].contains(settings.port), preset.name)
            XCTAssertNotEqual(settings.security, .none, preset.name)
            XCTAssertGreaterThan(preset.dailyCap, 0, preset.name)
            XCTAssertFalse(preset.note.isEmpty, preset.name)
            XCTAssertEqual(ProviderPreset.named(preset.name.uppercased()), preset)
        }
        let bridge = try SMTPSettings(profile: profile(try XCTUnwrap(ProviderPreset.named("proton-bridge")).values))
        XCTAssertTrue(SMTPSettings.isLoopback(bridge.host), "Proton Mail Bridge listens on loopback")
        XCTAssertEqual(bridge.security, .starttls)
        XCTAssertNil(ProviderPreset.named("hotmail.com"))
    }

    func testApplyingAPresetReplacesTheValuesAndTheProfileSaysWhere() throws {
        var profile = profile([
            "smtp.url": "smtp://mail.example.org:587", "smtp.security": "starttls", "smtp.daily_cap": "20",
            "smtp.username": "dana",
        ])
        let gmail = try XCTUnwrap(ProviderPreset.named("gmail"))
        let set = gmail.apply(to: &profile)
        XCTAssertEqual(set.map(\.key), ["imap.url", "smtp.auth", "smtp.daily_cap", "smtp.provider", "smtp.url"])
        XCTAssertEqual(profile.extra["smtp.url"], "smtps://smtp.gmail.com:465")
        XCTAssertNil(
            profile.extra["smtp.security"], "the URL's scheme decides it, so an old value cannot contradict it")
        XCTAssertEqual(profile.extra["smtp.username"], "dana", "the user is the person's own")
        XCTAssertNoThrow(try SMTPSettings(profile: profile))
        XCTAssertEqual(ProviderPreset.origin(of: "smtp.url", value: "smtps://smtp.gmail.com:465", in: profile), "gmail")
        XCTAssertEqual(ProviderPreset.origin(of: "smtp.daily_cap", value: "500", in: profile), "gmail")
        XCTAssertNil(ProviderPreset.origin(of: "smtp.daily_cap", value: "100", in: profile), "changed since")
        XCTAssertNil(ProviderPreset.origin(of: "smtp.username", value: "dana", in: profile))
        XCTAssertNil(ProviderPreset.origin(of: "smtp.provider", value: "gmail", in: profile))
    }

    /// The README's "Set up your provider" table says what this file holds.
    func testTheReadmeTableMatchesThePresets() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| ") }
        for preset in ProviderPreset.all {
            let row = try XCTUnwrap(rows.first { $0.contains("| `\(preset.name)` |") }, preset.name)
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(cells[0], preset.title, preset.name)
            XCTAssertEqual(cells[2], "`\(preset.smtpURL)`", preset.name)
            XCTAssertEqual(cells[3], "`\(preset.authentication.rawValue)`", preset.name)
            XCTAssertEqual(cells[4], String(preset.dailyCap), preset.name)
            XCTAssertEqual(cells[5], preset.imapURL.map { "`\($0)`" } ?? "none", preset.name)
        }
    }
}
