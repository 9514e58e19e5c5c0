import Foundation

/// The secret for SMTP AUTH or the IMAP login: a password, or an XOAUTH2 bearer token. Kept in memory only; its
/// description never shows the value.
public struct Credentials: Sendable, CustomStringConvertible {
    public enum Secret: Sendable {
        case password(String)
        case token(String)
        /// libcurl reads the password from ~/.netrc for the host.
        case netrc
    }

    public var username: String
    public var secret: Secret

    public var description: String { "credentials for \(username) (secret hidden)" }

    /// Finds the secret, in this order: `OUTREACH_SMTP_PASSWORD` (or `OUTREACH_SMTP_TOKEN`), the
    /// `smtp.password_command` (`smtp.token_command`) whose first line of output is the secret,
    /// a `~/.netrc` entry for the host (passwords only), then `prompt` (a terminal, without echo).
    /// - Returns: nil when the settings have no `smtp.username` (no AUTH).
    /// - Throws: `DeliveryError.secretCommandFailed`, or `.noPassword` when no source gives one.
    public static func resolve(
        settings: SMTPSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        prompt: ((String) -> String?)? = nil
    ) throws -> Credentials? {
        guard let username = settings.username else { return nil }
        let isToken = settings.authentication == .xoauth2
        let source = SecretSource(
            variable: isToken ? "OUTREACH_SMTP_TOKEN" : "OUTREACH_SMTP_PASSWORD",
            command: isToken ? settings.tokenCommand : settings.passwordCommand,
            commandKey: isToken ? "smtp.token_command" : "smtp.password_command",
            isToken: isToken,
            prompt: "SMTP \(settings.authentication.secretName) for \(username) at \(settings.host): ")
        if let found = try resolve(
            username: username, host: settings.host, source: source, environment: environment, prompt: prompt)
        {
            return found
        }
        throw DeliveryError.noPassword(user: username, host: settings.host, authentication: settings.authentication)
    }

    /// Where one protocol's secret may come from.
    struct SecretSource {
        /// The environment variable (`OUTREACH_SMTP_PASSWORD`, `OUTREACH_IMAP_PASSWORD`).
        var variable: String
        /// The command whose first line of output is the secret, and its profile key.
        var command: String?
        var commandKey: String
        /// An XOAUTH2 bearer token rather than a password (never read from ~/.netrc).
        var isToken: Bool
        /// The question asked on a terminal.
        var prompt: String
    }

    /// Finds a secret in `source`'s order: the variable, the command, a `~/.netrc` entry for
    /// `host` (passwords only), then `prompt`.
    /// - Returns: nil when no source gives one.
    /// - Throws: `DeliveryError.secretCommandFailed`, `.secretCommandProblem`, `.secretCommandEmpty`,
    ///   `.secretCommandControl` (see `SecretCommand`).
    static func resolve(
        username: String, host: String, source: SecretSource, environment: [String: String],
        prompt: ((String) -> String?)?
    ) throws -> Credentials? {
        func secret(_ value: String) -> Secret { source.isToken ? .token(value) : .password(value) }
        if let value = environment[source.variable], !value.isEmpty {
            return Credentials(username: username, secret: secret(value))
        }
        if let command = source.command, !command.isEmpty {
            let value = try SecretCommand.firstLine(of: command, key: source.commandKey, environment: environment)
            // An empty secret would only earn a refusal from the server.
            guard !value.isEmpty else { throw DeliveryError.secretCommandEmpty(key: source.commandKey) }
            return Credentials(username: username, secret: secret(value))
        }
        if !source.isToken, netrcHasEntry(host: host, environment: environment) {
            return Credentials(username: username, secret: .netrc)
        }
        if let prompt, let value = prompt(source.prompt), !value.isEmpty {
            return Credentials(username: username, secret: secret(value))
        }
        return nil
    }

    /// True when ~/.netrc (or $NETRC) names `host` as a machine.
    static func netrcHasEntry(host: String, environment: [String: String]) -> Bool {
        let path = environment["NETRC"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.netrc")
        guard let text = try? InputFile.text(atPath: path, what: "~/.netrc", limit: InputLimits.tableBytes) else {
            return false
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        for (index, word) in words.enumerated() where word == "machine" && index + 1 < words.count {
            if words[index + 1] == host { return true }
        }
        return false
    }
}
