import Foundation

/// How `outreach replies` reaches the sender's mailbox: the profile's `imap.*` keys.
///
/// | key | meaning | default |
/// | --- | --- | --- |
/// | `imap.url` | `imaps://HOST:993` (implicit TLS) or `imap://HOST:143` (STARTTLS, required) | required |
/// | `imap.username` | the login | `smtp.username` |
/// | `imap.mailbox` | the mailboxes to read, separated by commas | `INBOX` |
/// | `imap.password_command` | a command whose first line of output is the password | `smtp.password_command` when the user is the same |
/// | `imap.ca_file` | an extra CA bundle (PEM) trusted beside the system's | `smtp.ca_file` |
/// | `imap.timeout` | seconds to wait for the connection and for any reply | 30 |
///
/// There is no way to turn TLS or certificate checks off: the login always crosses encrypted.
public struct IMAPSettings: Sendable, Equatable {
    public enum Security: String, Sendable {
        /// Implicit TLS from the first byte (IMAPS, port 993).
        case tls
        /// Plain connection upgraded with STARTTLS before the login; required, never optional.
        case starttls
    }

    public var url: String
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    /// Mailbox names as the server knows them (`INBOX`, `Bounces`), in the order read.
    public var mailboxes: [String]
    public var passwordCommand: String?
    public var caFile: String?
    /// Seconds.
    public var timeout: Int

    /// The keys `outreach profile set` takes for IMAP.
    public static let keys = [
        "imap.url", "imap.username", "imap.mailbox", "imap.password_command", "imap.ca_file", "imap.timeout",
    ]

    /// Each key's unit and default, for `--help`: `(key, what it is, default)`.
    public static let defaults: [(key: String, meaning: String, fallback: String)] = [
        ("imap.url", "imaps://HOST:993 or imap://HOST:143", ""),
        ("imap.username", "the login", "smtp.username"),
        ("imap.mailbox", "mailboxes to read, separated by commas", "INBOX"),
        ("imap.password_command", "prints the password", "smtp.password_command"),
        ("imap.ca_file", "extra CA certificates (PEM)", "smtp.ca_file"),
        ("imap.timeout", "seconds to wait for a connection or a reply", "30"),
    ]

    /// Reads and checks the settings from the profile's `imap.*` keys, with the SMTP user,
    /// password command and CA file as defaults.
    /// - Throws: `MailboxError.notConfigured` without `imap.url`; `.badSetting` naming the key;
    ///   `.noUsername` when neither `imap.username` nor `smtp.username` is set.
    public init(profile: Profile) throws {
        let values = profile.extra
        guard let url = values["imap.url"], !url.isEmpty else { throw MailboxError.notConfigured }
        for (key, value) in values where key.hasPrefix("imap.") {
            do {
                try Self.check(key: key, value: value)
            } catch MailboxError.badSetting(let key, let value, let reason, _) where reason == Self.unknownReason {
                throw MailboxError.badSetting(
                    key: key, value: value, reason: reason,
                    hint:
                        "remove it from the profile (outreach profile show prints its path); IMAP keys: \(Self.keys.joined(separator: ", "))"
                )
            }
        }
        let parsed = try Self.parseURL(url)
        self.url = url
        host = parsed.host
        port = parsed.port
        security = parsed.scheme == "imaps" ? .tls : .starttls
        guard
            let username = values["imap.username"].flatMap({ $0.isEmpty ? nil : $0 })
                ?? values["smtp.username"].flatMap({ $0.isEmpty ? nil : $0 })
        else {
            throw MailboxError.noUsername
        }
        self.username = username
        mailboxes = Self.mailboxes(values["imap.mailbox"] ?? "INBOX")
        // The same account for both: the SMTP password command serves the login too.
        let sameUser = values["smtp.username"] == username
        passwordCommand = values["imap.password_command"] ?? (sameUser ? values["smtp.password_command"] : nil)
        caFile = values["imap.ca_file"] ?? values["smtp.ca_file"]
        timeout = Int(values["imap.timeout"] ?? "") ?? 30
    }

    private static let unknownReason = "is not a setting outreach knows"

    /// Checks one `imap.*` value, for `profile set` and when the profile is read.
    /// - Throws: `MailboxError.badSetting` naming the key (an unknown key, a bad URL, a secret).
    public static func check(key: String, value: String) throws {
        func bad(_ reason: String, _ hint: String) -> MailboxError {
            let shown = key == "imap.password" ? "(hidden)" : value
            return .badSetting(key: key, value: shown, reason: reason, hint: hint)
        }
        switch key {
        case "imap.url": _ = try parseURL(value)
        case "imap.timeout":
            guard let seconds = Int(value), (1...3600).contains(seconds) else {
                throw bad("is not a whole number of seconds from 1 to 3600", "for example 30")
            }
        case "imap.ca_file":
            guard FileManager.default.isReadableFile(atPath: value) else {
                throw bad("is not a readable file", "give the path of a PEM file of CA certificates")
            }
        case "imap.mailbox":
            let names = mailboxes(value)
            guard !names.isEmpty else { throw bad("names no mailbox", "for example INBOX, or INBOX,Bounces") }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw bad("holds a control character", "give the names on one line")
            }
        case "imap.username", "imap.password_command":
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw bad("holds a control character", "give it on one line")
            }
        case "imap.password":
            throw bad(
                "is never stored in the profile",
                "use OUTREACH_IMAP_PASSWORD, imap.password_command, ~/.netrc, or type it when asked")
        default:
            throw bad(unknownReason, "IMAP keys: \(keys.joined(separator: ", "))")
        }
    }

    /// The mailbox names in a comma-separated list, trimmed, empty ones dropped, each once.
    static func mailboxes(_ text: String) -> [String] {
        var names: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty && !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func parseURL(_ text: String) throws -> (scheme: String, host: String, port: Int) {
        do {
            return try SMTPSettings.parseURL(
                text, key: "imap.url", ports: ["imaps": 993, "imap": 143],
                example: "imaps://imap.example.org:993 or imap://imap.example.org:143")
        } catch DeliveryError.badSetting(let key, let value, let reason, let hint) {
            throw MailboxError.badSetting(key: key, value: value, reason: reason, hint: hint)
        }
    }

    /// The URL libcurl is given: scheme, host and port, and no mailbox.
    var connectionURL: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(security == .tls ? "imaps" : "imap")://\(bracketed):\(port)/"
    }
}
