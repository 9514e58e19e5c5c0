import Foundation

extension Credentials {
    /// Finds the IMAP password, in the order SMTP's is found: `OUTREACH_IMAP_PASSWORD`, the
    /// `imap.password_command` (by default the SMTP one for the same user), a `~/.netrc` entry
    /// for the IMAP host and user, then `prompt` (a terminal, without echo).
    /// - Throws: `DeliveryError.secretCommandFailed` (or `.secretCommandEmpty`,
    ///   `.secretCommandControl`) for a command that fails; `DeliveryError.netrcOtherLogin` when
    ///   `~/.netrc` has the host for other logins only; `MailboxError.noPassword` when no source
    ///   gives one.
    public static func resolve(
        settings: IMAPSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        prompt: ((String) -> String?)? = nil
    ) throws -> Credentials {
        let source = SecretSource(
            variable: "OUTREACH_IMAP_PASSWORD", command: settings.passwordCommand, commandKey: "imap.password_command",
            userKey: "imap.username", isToken: false,
            prompt: "IMAP password for \(settings.username) at \(settings.host): ")
        guard
            let found = try resolve(
                username: settings.username, host: settings.host, source: source, environment: environment,
                prompt: prompt)
        else {
            throw MailboxError.noPassword(user: settings.username, host: settings.host)
        }
        return found
    }
}
