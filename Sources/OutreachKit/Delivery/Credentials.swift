import Foundation

/// The secret for SMTP AUTH or the IMAP login: a password, or an XOAUTH2 bearer token. Kept in memory only; its
/// description never shows the value.
public struct Credentials: Sendable, CustomStringConvertible {
    public enum Secret: Sendable {
        case password(String)
        case token(String)
    }

    public var username: String
    public var secret: Secret

    public var description: String { "credentials for \(username) (secret hidden)" }

    /// Finds the secret, in this order: `OUTREACH_SMTP_PASSWORD` (or `OUTREACH_SMTP_TOKEN`), the
    /// `smtp.password_command` (`smtp.token_command`) whose first line of output is the secret,
    /// a `~/.netrc` entry for the host whose login is `smtp.username` (passwords only), then
    /// `prompt` (a terminal, without echo).
    /// - Returns: nil when the settings have no `smtp.username` (no AUTH).
    /// - Throws: `DeliveryError.secretCommandFailed`; `.netrcOtherLogin` when `~/.netrc` has the
    ///   host for other logins only; `.noPassword` when no source gives one.
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
            userKey: "smtp.username", isToken: isToken,
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
        /// The profile key of the user name (`smtp.username`, `imap.username`), for errors.
        var userKey: String
        /// An XOAUTH2 bearer token rather than a password (never read from ~/.netrc).
        var isToken: Bool
        /// The question asked on a terminal.
        var prompt: String
    }

    /// Finds a secret in `source`'s order: the variable, the command, the password of a
    /// `~/.netrc` entry for `host` whose login is `username` (passwords only), then `prompt`.
    /// - Returns: nil when no source gives one.
    /// - Throws: `DeliveryError.secretCommandFailed`, `.secretCommandProblem`, `.secretCommandEmpty`,
    ///   `.secretCommandControl` (see `SecretCommand`); `.netrcOtherLogin` when no source gives
    ///   one and `~/.netrc` has entries for the host for other logins only (outreach never logs
    ///   in as another user than `username`).
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
        var otherLogins: [String] = []
        if !source.isToken, let netrc = NetrcFile.read(environment: environment) {
            switch netrc.lookup(host: host, user: username) {
            case .password(let value): return Credentials(username: username, secret: .password(value))
            case .otherLogins(let logins): otherLogins = logins
            case .none: break
            }
        }
        if let prompt, let value = prompt(source.prompt), !value.isEmpty {
            return Credentials(username: username, secret: secret(value))
        }
        if !otherLogins.isEmpty {
            throw DeliveryError.netrcOtherLogin(
                file: NetrcFile.shownPath(environment: environment), host: host, user: username,
                userKey: source.userKey, logins: otherLogins, variable: source.variable,
                commandKey: source.commandKey)
        }
        return nil
    }
}
