import Foundation

/// How `outreach send` reaches the mail server: the profile's `smtp.*` keys.
///
/// | key | meaning | default |
/// | --- | --- | --- |
/// | `smtp.url` | `smtps://HOST:465` (implicit TLS) or `smtp://HOST:587` (STARTTLS) | required |
/// | `smtp.security` | `tls`, `starttls` or `none` (loopback only, never with AUTH) | from the URL's scheme |
/// | `smtp.username` | the AUTH user; no AUTH without it | none |
/// | `smtp.auth` | `password` (PLAIN or LOGIN, as the server offers) or `xoauth2` | `password` |
/// | `smtp.password_command` | a command whose first line of output is the password | none |
/// | `smtp.token_command` | the same for an XOAUTH2 bearer token | none |
/// | `smtp.ca_file` | an extra CA bundle (PEM) trusted beside the system's | none |
/// | `smtp.timeout` | seconds to wait for a connection or for any reply (greeting, after DATA) | 30 |
/// | `smtp.rate` | messages per minute; 0 means no pacing | 20 |
/// | `smtp.daily_cap` | messages in any 24 hours, counted from the sent log | 400 |
/// | `smtp.per_connection` | messages over one connection before a new one; 0 means no limit | 0 |
/// | `smtp.helo` | the name given in EHLO (see `EHLOName`) | the machine's FQDN, else the address literal |
/// | `smtp.provider` | the preset the values came from (see `ProviderPreset`) | none |
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// Implicit TLS from the first byte (SMTPS, port 465).
        case tls
        /// Plain connection upgraded with STARTTLS before anything else; required, never optional.
        case starttls
        /// No encryption: only to a loopback address and never with AUTH.
        case none
    }

    public enum Authentication: String, Sendable, CaseIterable {
        case password
        case xoauth2

        /// What the secret is called in prompts and errors.
        public var secretName: String { self == .xoauth2 ? "XOAUTH2 token" : "password" }
    }

    public var url: String
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var authentication: Authentication
    public var passwordCommand: String?
    public var tokenCommand: String?
    public var caFile: String?
    /// Seconds.
    public var timeout: Int
    /// Messages per minute; 0 means no pacing.
    public var rate: Double
    /// Messages in any 24 hours.
    public var dailyCap: Int
    /// Messages over one connection before the client opens a new one; 0 means no limit.
    public var perConnection: Int
    /// The name for EHLO, when set (`smtp.helo`); else `EHLOName` chooses one.
    public var helo: String?

    /// The keys `outreach profile set` takes for SMTP.
    public static let keys = [
        "smtp.url", "smtp.security", "smtp.username", "smtp.auth", "smtp.password_command", "smtp.token_command",
        "smtp.ca_file", "smtp.timeout", "smtp.rate", "smtp.daily_cap", "smtp.per_connection", "smtp.helo",
        "smtp.provider",
    ]

    /// Each key's unit and default, for `--help` and the README: `(key, what it is, default)`.
    public static let defaults: [(key: String, meaning: String, fallback: String)] = [
        ("smtp.url", "smtps://HOST:465 or smtp://HOST:587", ""),
        ("smtp.security", "tls, starttls, or none (loopback only)", "from the URL"),
        ("smtp.username", "the AUTH user; AUTH is then required", "none (no AUTH)"),
        ("smtp.auth", "password or xoauth2", "password"),
        ("smtp.password_command", "prints the password", "none"),
        ("smtp.token_command", "prints an XOAUTH2 token", "none"),
        ("smtp.ca_file", "extra CA certificates (PEM)", "none"),
        ("smtp.timeout", "seconds to wait for a connection or a reply", "30"),
        ("smtp.rate", "messages per minute, 0 for no pacing", "20"),
        ("smtp.daily_cap", "messages in any 24 hours, 0 for no cap", "400"),
        ("smtp.per_connection", "messages per connection, 0 for no limit", "0"),
        ("smtp.helo", "the name given in EHLO", "the FQDN, else [local address]"),
        ("smtp.provider", "a preset: url, auth, daily_cap, imap.url", "none"),
    ]

    /// `defaults` as `--help` prints them, one key a line: "  smtp.timeout: seconds to wait ...;
    /// default 30" (an empty default is a required key).
    public static func helpLines(_ defaults: [(key: String, meaning: String, fallback: String)]) -> String {
        defaults.map { "  \($0.key): \($0.meaning); \($0.fallback.isEmpty ? "required" : "default \($0.fallback)")" }
            .joined(separator: "\n")
    }

    /// Reads and checks the settings from the profile's `smtp.*` keys.
    /// - Throws: `DeliveryError.notConfigured` without `smtp.url`; `.badSetting` naming the key.
    public init(profile: Profile) throws {
        let values = profile.extra
        guard let url = values["smtp.url"], !url.isEmpty else { throw DeliveryError.notConfigured }
        for (key, value) in values where key.hasPrefix("smtp.") {
            do {
                try Self.check(key: key, value: value)
            } catch DeliveryError.unknownSetting(let key) {
                // In the file it is a broken profile (78), not a mistyped command (64).
                throw DeliveryError.badSetting(
                    key: key, value: value, reason: "is not a setting outreach knows",
                    hint:
                        "remove it from the profile (outreach profile show prints its path); SMTP keys: \(Self.keys.joined(separator: ", "))"
                )
            }
        }
        self.url = url
        let parsed = try Self.parseURL(url)
        host = parsed.host
        port = parsed.port
        security =
            try values["smtp.security"].map { try Self.security($0) } ?? (parsed.scheme == "smtps" ? .tls : .starttls)
        let shownHost = DeliveryError.shownHost(host)
        if security == .tls && parsed.scheme != "smtps" {
            throw DeliveryError.badSetting(
                key: "smtp.security", value: "tls",
                reason: "(TLS from the first byte) does not go with an smtp:// URL, which is plain or STARTTLS",
                hint:
                    "for implicit TLS: outreach profile set smtp.url smtps://\(shownHost):\(port); or, to keep smtp://\(shownHost):\(port), outreach profile set smtp.security starttls"
            )
        }
        if security != .tls && parsed.scheme == "smtps" {
            throw DeliveryError.badSetting(
                key: "smtp.security", value: security.rawValue,
                reason: "does not go with an smtps:// URL, which is implicit TLS (TLS from the first byte)",
                hint:
                    "to keep smtps://\(shownHost):\(port): outreach profile set smtp.security tls; or, for STARTTLS: outreach profile set smtp.url smtp://\(shownHost):587"
            )
        }
        username = values["smtp.username"].flatMap { $0.isEmpty ? nil : $0 }
        authentication =
            try values["smtp.auth"].map { value in
                guard let auth = Authentication(rawValue: value) else {
                    throw DeliveryError.badSetting(
                        key: "smtp.auth", value: value, reason: "is not password or xoauth2",
                        hint: "outreach profile set smtp.auth password")
                }
                return auth
            } ?? .password
        passwordCommand = values["smtp.password_command"]
        tokenCommand = values["smtp.token_command"]
        caFile = values["smtp.ca_file"]
        timeout = Int(values["smtp.timeout"] ?? "") ?? 30
        rate = values["smtp.rate"].flatMap(Self.rate) ?? 20
        dailyCap = Int(values["smtp.daily_cap"] ?? "") ?? 400
        perConnection = Int(values["smtp.per_connection"] ?? "") ?? 0
        helo = values["smtp.helo"].flatMap { $0.isEmpty ? nil : $0 }
        if security == .none {
            guard Self.isLoopback(host) else {
                throw DeliveryError.badSetting(
                    key: "smtp.security", value: "none", reason: "is allowed only to a loopback address, not \(host)",
                    hint: "use starttls or tls; unencrypted mail is readable on the way")
            }
            if username != nil {
                throw DeliveryError.badSetting(
                    key: "smtp.security", value: "none",
                    reason: "is never used with AUTH: the password would cross unencrypted",
                    hint: "use starttls or tls, or remove smtp.username")
            }
        }
    }

    /// Checks `smtp.*` values that must go together, for `profile set` after `key` was set (so
    /// that the error names the key just set): `smtp.security none` never goes with
    /// `smtp.username`, since credentials are never sent in clear (`init(profile:)` refuses the
    /// same in a profile edited by hand).
    /// - Parameters:
    ///   - key: the key just set.
    ///   - values: the profile's values with the new one.
    /// - Throws: `DeliveryError.badSetting` naming `key`.
    public static func checkTogether(afterSetting key: String, values: [String: String]) throws {
        let username = values["smtp.username"].flatMap { $0.isEmpty ? nil : $0 }
        guard values["smtp.security"] == Security.none.rawValue, let username else { return }
        if key == "smtp.username" {
            throw DeliveryError.badSetting(
                key: key, value: username,
                reason: "needs TLS: smtp.security is none, and credentials are never sent in clear",
                hint: "first: outreach profile set smtp.security starttls (or tls)")
        }
        throw DeliveryError.badSetting(
            key: "smtp.security", value: "none",
            reason: "is never used with AUTH: smtp.username is \(username), and credentials are never sent in clear",
            hint:
                "use starttls or tls; or, for a loopback server without login, first: outreach profile set smtp.username ''"
        )
    }

    /// Checks one `smtp.*` value, for `profile set`.
    /// - Throws: `DeliveryError.badSetting` naming the key, or `.unknownSetting`.
    public static func check(key: String, value: String) throws {
        func bad(_ reason: String, _ hint: String) -> DeliveryError {
            // A secret is never echoed, not even in an error.
            let shown = key == "smtp.password" || key == "smtp.token" ? "(hidden)" : value
            return .badSetting(key: key, value: shown, reason: reason, hint: hint)
        }
        switch key {
        case "smtp.url": _ = try parseURL(value)
        case "smtp.security": _ = try security(value)
        case "smtp.auth":
            if Authentication(rawValue: value) == nil {
                throw bad("is not password or xoauth2", "outreach profile set smtp.auth password")
            }
        case "smtp.timeout":
            guard let seconds = Int(value), (1...3600).contains(seconds) else {
                throw bad("is not a whole number of seconds from 1 to 3600", "for example 30")
            }
        case "smtp.rate":
            guard Self.rate(value) != nil else {
                throw bad(
                    "is not a number of messages per minute: 0 (no pacing) or from \(Self.rateRange.lowerBound) to \(Int(Self.rateRange.upperBound))",
                    "for example 20")
            }
        case "smtp.daily_cap":
            guard let cap = Int(value), cap >= 0 else {
                throw bad("is not a whole number of messages", "for example 400")
            }
        case "smtp.per_connection":
            guard let count = Int(value), count >= 0 else {
                throw bad("is not a whole number of messages (0 means no limit)", "for example 100")
            }
        case "smtp.helo":
            if let problem = EHLOName.problem(with: value) {
                throw bad(problem, "give this machine's fully qualified name, or an address literal like [192.0.2.1]")
            }
        case "smtp.provider":
            guard ProviderPreset.named(value) != nil else {
                throw bad(
                    "is not a provider outreach knows",
                    "one of: \(ProviderPreset.all.map(\.name).joined(separator: ", ")); or set smtp.url and the rest yourself"
                )
            }
        case "smtp.ca_file":
            guard FileManager.default.isReadableFile(atPath: value) else {
                throw bad("is not a readable file", "give the path of a PEM file of CA certificates")
            }
        case "smtp.username", "smtp.password_command", "smtp.token_command":
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw bad("holds a control character", "give it on one line")
            }
        case "smtp.password", "smtp.token":
            throw bad(
                "is never stored in the profile",
                "use OUTREACH_SMTP_PASSWORD, smtp.password_command, ~/.netrc, or type it when asked")
        default:
            throw DeliveryError.unknownSetting(key: key)
        }
    }

    /// A profile value as it may be shown: a secret written into the profile by hand
    /// (`smtp.password`, `smtp.token`, any key naming a password, token or secret that is not a
    /// command) is hidden, and so is a user or password inside `smtp.url` or `imap.url`.
    public static func shownValue(key: String, value: String) -> String {
        let name = key.lowercased()
        if !name.hasSuffix("_command") && ["password", "token", "secret"].contains(where: name.contains) {
            return "(hidden: secrets are never kept in the profile; remove this line)"
        }
        if key == "smtp.url" || key == "imap.url", var components = URLComponents(string: value),
            components.user != nil || components.password != nil
        {
            components.user = nil
            components.password = nil
            return components.string ?? "(hidden)"
        }
        return value
    }

    static func security(_ value: String) throws -> Security {
        guard let security = Security(rawValue: value) else {
            throw DeliveryError.badSetting(
                key: "smtp.security", value: value, reason: "is not tls, starttls or none",
                hint: "outreach profile set smtp.security starttls")
        }
        return security
    }

    static func parseURL(_ text: String) throws -> (scheme: String, host: String, port: Int) {
        try parseURL(
            text, key: "smtp.url", ports: ["smtps": 465, "smtp": 587],
            example: "smtps://smtp.example.org:465 or smtp://smtp.example.org:587")
    }

    /// Checks a mail server URL: one of `ports`' schemes, a host, an optional port, nothing else.
    /// - Parameters:
    ///   - text: the URL as given.
    ///   - key: the profile key, for errors (`smtp.url`, `imap.url`).
    ///   - ports: each scheme allowed, with its default port.
    ///   - example: URLs to show in the hint.
    /// - Returns: the scheme (lower case), the host and the port.
    /// - Throws: `DeliveryError.badSetting` naming `key`; the URL shown without a user or password.
    static func parseURL(_ text: String, key: String, ports: [String: Int], example: String) throws -> (
        scheme: String, host: String, port: Int
    ) {
        let components = URLComponents(string: text)
        // The URL is shown without any user or password it holds.
        var shown = text
        if var redacted = components, redacted.user != nil || redacted.password != nil {
            redacted.user = nil
            redacted.password = nil
            shown = redacted.string ?? "(hidden)"
        }
        func bad(_ reason: String) -> DeliveryError {
            .badSetting(key: key, value: shown, reason: reason, hint: "for example \(example)")
        }
        guard let components, let scheme = components.scheme?.lowercased(), let defaultPort = ports[scheme] else {
            throw bad("is not an \(ports.keys.sorted().map { "\($0)://" }.joined(separator: " or ")) URL")
        }
        // The port as written: URLComponents turns one it cannot hold in an Int into no port at
        // all, which would then be the scheme's default.
        let port = try writtenPort(in: text).map { written in
            guard let port = Self.port(written) else {
                throw bad("has a port that is not a whole number from 1 to 65535 (\"\(written)\")")
            }
            return port
        }
        if components.query != nil || components.fragment != nil {
            throw bad("has a query or fragment; give only scheme, host and port")
        }
        guard let host = components.host, !host.isEmpty else { throw bad("has no host") }
        let prefix = key.split(separator: ".").first.map(String.init) ?? "smtp"
        if components.user != nil || components.password != nil {
            throw bad("holds a user or password; use \(prefix).username and a password source")
        }
        if !components.path.isEmpty && components.path != "/" {
            throw bad("has a path; give only scheme, host and port")
        }
        return (scheme, host, port ?? defaultPort)
    }

    /// A TCP port written in decimal digits, from 1 to 65535; nil for anything else (empty, a
    /// sign, a space, more digits than a port has, 0, 65536 and above).
    /// - Parameter text: the port as written.
    /// - Returns: the port, or nil.
    public static func port<Text: StringProtocol>(_ text: Text) -> Int? {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = Int(text), (1...65535).contains(value)
        else { return nil }
        return value
    }

    /// The text after the host's `:` in a URL's authority (`smtp://user@host:PORT/`,
    /// `smtp://[::1]:PORT`), or nil when the URL gives no port.
    private static func writtenPort(in url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            let rest = hostAndPort[hostAndPort.index(after: close)...]
            return rest.isEmpty ? nil : (rest.hasPrefix(":") ? rest.dropFirst() : rest)
        }
        guard let colon = hostAndPort.lastIndex(of: ":") else { return nil }
        return hostAndPort[hostAndPort.index(after: colon)...]
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" { return true }
        // An address, not a name that merely starts like one ("127.example.com").
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
    }

    /// Messages per minute a rate may be, besides 0 (no pacing): from one a day and a half
    /// to far beyond any server.
    public static let rateRange = 0.001...1_000_000.0

    /// A rate written in decimal digits (`20`, `0.5`): 0 or within `rateRange`; nil otherwise
    /// (`nan`, `inf`, `0x10`, `1e-300`).
    public static func rate(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(text)
        else { return nil }
        return value == 0 || rateRange.contains(value) ? value : nil
    }

    /// Seconds between two messages at `rate` messages per minute; 0 when not paced.
    public static func interval(rate: Double) -> Double { rate > 0 ? 60 / rate : 0 }
}
