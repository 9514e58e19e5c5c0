/// The settings of the mail providers most people use, for `outreach profile set smtp.provider
/// NAME`: the submission URL, the kind of secret the provider takes, a daily cap at or below its
/// published sending limit, and its IMAP URL for `outreach replies`. This file is the one place
/// they are kept; the README's "Set up your provider" table is made from it.
///
/// Providers count recipients, not messages: a letter with a copy counts twice against their
/// limits, while `smtp.daily_cap` counts messages. Lower the cap when letters carry copies.
public struct ProviderPreset: Sendable, Equatable {
    /// The name given to `smtp.provider` (`gmail`).
    public var name: String
    /// The provider as people know it (`Gmail`).
    public var title: String
    /// `smtp.url`.
    public var smtpURL: String
    /// `smtp.auth`: a password (an app password at most providers) or an XOAUTH2 token.
    public var authentication: SMTPSettings.Authentication
    /// `smtp.daily_cap`, in messages in any 24 hours.
    public var dailyCap: Int
    /// `imap.url`, where the provider offers IMAP.
    public var imapURL: String?
    /// What the login needs: an app password, OAuth, a running bridge.
    public var note: String

    /// The profile values the preset sets, by key.
    public var values: [String: String] {
        var values = [
            "smtp.provider": name, "smtp.url": smtpURL, "smtp.auth": authentication.rawValue,
            "smtp.daily_cap": String(dailyCap),
        ]
        if let imapURL { values["imap.url"] = imapURL }
        return values
    }

    /// The preset called `name` (case ignored).
    public static func named(_ name: String) -> ProviderPreset? {
        all.first { $0.name == name.lowercased() }
    }

    /// Every preset, in the order the README lists them.
    public static let all: [ProviderPreset] = [
        // Gmail: 500 recipients a day for an account that sends over SMTP, each recipient of a
        // copy counting ("Gmail sending limits", https://support.google.com/mail/answer/22839).
        ProviderPreset(
            name: "gmail", title: "Gmail", smtpURL: "smtps://smtp.gmail.com:465", authentication: .password,
            dailyCap: 500, imapURL: "imaps://imap.gmail.com:993",
            note:
                "an app password (Google Account > Security > 2-Step Verification > App passwords), not your Google password; or OAuth: smtp.auth xoauth2 with smtp.token_command"
        ),
        // Google Workspace: 2,000 messages a day per user, 500 in a trial ("Gmail sending limits in
        // Google Workspace", https://support.google.com/a/answer/166852).
        ProviderPreset(
            name: "google-workspace", title: "Google Workspace", smtpURL: "smtps://smtp.gmail.com:465",
            authentication: .password, dailyCap: 2000, imapURL: "imaps://imap.gmail.com:993",
            note:
                "an app password, if your administrator allows them; else OAuth: smtp.auth xoauth2 with smtp.token_command"
        ),
        // Outlook.com: 5,000 recipients a day for Microsoft 365 subscribers and "lower for
        // non-subscribers" ("Sending limits in Outlook.com", https://support.microsoft.com/office/
        // sending-limits-in-outlook-com-279ee200-594c-40f0-9ec8-bb6af7735c2e); free accounts
        // meet 300 a day, the cap here.
        ProviderPreset(
            name: "outlook", title: "Outlook.com (Hotmail, Live)", smtpURL: "smtp://smtp-mail.outlook.com:587",
            authentication: .xoauth2, dailyCap: 300, imapURL: "imaps://outlook.office365.com:993",
            note:
                "OAuth only: Microsoft no longer takes passwords or app passwords over SMTP for personal accounts; set smtp.token_command to a command that prints an access token"
        ),
        // Microsoft 365 (Exchange Online): 10,000 recipients a day and 30 messages a minute
        // ("Exchange Online limits", https://learn.microsoft.com/office365/servicedescriptions/
        // exchange-online-service-description/exchange-online-limits#sending-limits-1).
        ProviderPreset(
            name: "microsoft-365", title: "Microsoft 365 (Exchange Online)", smtpURL: "smtp://smtp.office365.com:587",
            authentication: .xoauth2, dailyCap: 10000, imapURL: "imaps://outlook.office365.com:993",
            note:
                "OAuth (smtp.token_command): Microsoft is retiring passwords for SMTP AUTH, and your administrator must turn SMTP AUTH on for the mailbox"
        ),
        // Yahoo: 500 messages a day, each recipient counting, at most 100 recipients a message
        // (Yahoo help article SLN17518, "SMTP sending limits").
        ProviderPreset(
            name: "yahoo", title: "Yahoo Mail", smtpURL: "smtps://smtp.mail.yahoo.com:465", authentication: .password,
            dailyCap: 500, imapURL: "imaps://imap.mail.yahoo.com:993",
            note: "an app password (Account info > Account security > Generate app password), not your Yahoo password"
        ),
        // iCloud Mail: 200 messages a day, 1,000 recipients a day, 100 recipients a message
        // ("iCloud: Mail specifications", https://support.apple.com/kb/HT4863).
        ProviderPreset(
            name: "icloud", title: "iCloud Mail", smtpURL: "smtp://smtp.mail.me.com:587", authentication: .password,
            dailyCap: 200, imapURL: "imaps://imap.mail.me.com:993",
            note:
                "an app-specific password (appleid.apple.com > Sign-In and Security), with your full iCloud address as smtp.username"
        ),
        // Fastmail applies fair-use limits per plan without one published daily figure
        // ("Account limits", https://www.fastmail.com/help/account/limits.html): the default cap.
        ProviderPreset(
            name: "fastmail", title: "Fastmail", smtpURL: "smtps://smtp.fastmail.com:465", authentication: .password,
            dailyCap: 400, imapURL: "imaps://imap.fastmail.com:993",
            note: "an app password (Settings > Privacy & Security > Manage app passwords)"
        ),
        // Zoho Mail publishes no single daily figure; 300 a day per paid user is the one its
        // forum gives (https://help.zoho.com/portal/en/community/topic/outgoing-smtp-and-webmail-mail-limits).
        // Accounts in other data centres use smtp.zoho.eu, smtp.zoho.in, ...; organisations smtppro.
        ProviderPreset(
            name: "zoho", title: "Zoho Mail", smtpURL: "smtps://smtp.zoho.com:465", authentication: .password,
            dailyCap: 300, imapURL: "imaps://imap.zoho.com:993",
            note:
                "an application-specific password when two-factor authentication is on; outside the US data centre use your region's host (smtp.zoho.eu, smtp.zoho.in)"
        ),
        // Proton Mail through Proton Mail Bridge, which listens on loopback (SMTP 1025 and IMAP
        // 1143 by default, STARTTLS): 150 messages a day on the free plan, and on paid plans a
        // limit that follows the account's reputation ("Proton Mail sending limits",
        // https://proton.me/support/email-sending-limits).
        ProviderPreset(
            name: "proton-bridge", title: "Proton Mail (through Proton Mail Bridge)", smtpURL: "smtp://127.0.0.1:1025",
            authentication: .password, dailyCap: 150, imapURL: "imap://127.0.0.1:1143",
            note:
                "Bridge must be running; use the password Bridge shows, not your Proton password, and trust Bridge's certificate: export it from Bridge's settings and set smtp.ca_file to it"
        ),
    ]

    /// Sets the preset's values in `profile`, and clears `smtp.security` (the URL's scheme
    /// decides it): the values set before are replaced.
    /// - Returns: the keys set, in order, with their new values.
    public func apply(to profile: inout Profile) -> [(key: String, value: String)] {
        let set = values.sorted { $0.key < $1.key }
        for (key, value) in set { profile.extra[key] = value }
        profile.extra["smtp.security"] = nil
        return set.map { (key: $0.key, value: $0.value) }
    }

    /// The preset a profile value came from: the profile's `smtp.provider` when its preset gives
    /// `key` this very `value`.
    /// - Returns: the preset's name, or nil when the value was set by hand (or changed since).
    public static func origin(of key: String, value: String, in profile: Profile) -> String? {
        guard key != "smtp.provider", let name = profile.extra["smtp.provider"], let preset = named(name),
            preset.values[key] == value
        else { return nil }
        return preset.name
    }
}
