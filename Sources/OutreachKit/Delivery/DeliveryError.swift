/// Why `outreach send` could not deliver, in one line naming the host, port or key, and a hint.
/// Passwords and tokens never appear in these messages.
public enum DeliveryError: OutreachError, Equatable {
    /// The profile has no `smtp.url`.
    case notConfigured
    /// An `smtp.*` value breaks its rule.
    case badSetting(key: String, value: String, reason: String, hint: String)
    /// An `smtp.*` key that does not exist.
    case unknownSetting(key: String)
    /// AUTH needs a password (or an XOAUTH2 token) and no source gave one.
    case noPassword(user: String, host: String, authentication: SMTPSettings.Authentication)
    /// `smtp.password_command` or `smtp.token_command` failed.
    case secretCommandFailed(key: String, status: Int32)
    /// `smtp.password_command` or `smtp.token_command` printed an empty first line.
    case secretCommandEmpty(key: String)
    /// Its first line holds a control character (a stray CR, a NUL), which no password has.
    case secretCommandControl(key: String)
    /// The command could not start, outlived its timeout, printed too much or a first line that
    /// is not UTF-8 (see `SecretCommand`).
    case secretCommandProblem(key: String, problem: String, hint: String)
    /// The TCP connection failed or timed out.
    case cannotConnect(host: String, port: Int, reason: String)
    /// The certificate was not trusted, or TLS failed.
    case tlsFailed(host: String, port: Int, reason: String)
    /// The server does not offer STARTTLS, or refused it: nothing else was sent.
    case startTLSUnavailable(host: String, port: Int)
    /// The server refused the credentials (535).
    case authenticationFailed(host: String, user: String, reply: String)
    /// The server refused the session before any letter (for example 421 or 554 at the greeting);
    /// `reply` is the code and the text.
    case serverRefused(host: String, port: Int, code: Int, reply: String)
    /// The server stopped answering mid-session.
    case connectionLost(host: String, port: Int, reason: String)
    /// Another `outreach send` holds the queue.
    case anotherSendRunning(lock: String)
    /// The run held a message's content back (its letter was no longer sendable, or the queue
    /// could not record it): the transfer was aborted with nothing of it sent.
    case contentWithheld

    public var message: String {
        switch self {
        case .notConfigured: return "no SMTP server in the profile"
        case .badSetting(let key, let value, let reason, _): return "profile key '\(key)': \"\(value)\" \(reason)"
        case .unknownSetting(let key): return "unknown profile key '\(key)'"
        case .noPassword(let user, let host, let authentication):
            return "no \(authentication.secretName) for \(user) at \(host)"
        case .secretCommandFailed(let key, let status): return "\(key) exited with status \(status)"
        case .secretCommandEmpty(let key): return "\(key) printed an empty first line"
        case .secretCommandProblem(let key, let problem, _): return "\(key) \(problem)"
        case .secretCommandControl(let key):
            return "the first line \(key) printed holds a control character (a CR or NUL?)"
        case .cannotConnect(let host, let port, let reason): return "cannot connect to \(host) port \(port): \(reason)"
        case .tlsFailed(let host, let port, let reason): return "TLS with \(host) port \(port) failed: \(reason)"
        case .startTLSUnavailable(let host, let port):
            return
                "\(host) port \(port) does not offer STARTTLS (or refused it); nothing was sent, no password was sent"
        case .authenticationFailed(let host, let user, let reply):
            return "\(host) refused the login for \(user): \(reply)"
        case .serverRefused(let host, let port, _, let reply):
            return "\(host) port \(port) refused the session: \(reply)"
        case .connectionLost(let host, let port, let reason):
            return "the connection to \(host) port \(port) was lost: \(reason)"
        case .anotherSendRunning(let lock): return "another 'outreach send' is running on this queue (\(lock))"
        case .contentWithheld: return "it was discarded or changed while the run was going; nothing of it was sent"
        }
    }

    public var hint: String? {
        switch self {
        case .notConfigured:
            return "set it: outreach profile set smtp.url smtps://smtp.example.org:465 (see README: Sending)"
        case .badSetting(_, _, _, let hint): return hint
        case .unknownSetting: return "SMTP keys: \(SMTPSettings.keys.joined(separator: ", "))"
        case .noPassword(_, _, .xoauth2):
            return "set OUTREACH_SMTP_TOKEN, or smtp.token_command, or run on a terminal to be asked"
        case .noPassword:
            return
                "set OUTREACH_SMTP_PASSWORD, or smtp.password_command, or a ~/.netrc entry for the host, or run on a terminal to be asked"
        case .secretCommandFailed(let key, _):
            return "run the command yourself to see why; fix it with: outreach profile set \(key) COMMAND"
        case .secretCommandProblem(_, _, let hint): return hint
        case .secretCommandEmpty(let key), .secretCommandControl(let key):
            return
                "the first line of its output is the secret; run it yourself to check, or fix it with: outreach profile set \(key) COMMAND"
        case .cannotConnect:
            return "check smtp.url's host and port and that the server is up; smtp.timeout sets the wait"
        case .tlsFailed(_, _, let reason) where reason.lowercased().contains("expired"):
            return
                "the server's certificate has expired: its owner must renew it (trusting a CA with smtp.ca_file cannot fix that)"
        case .tlsFailed(_, _, let reason)
        where reason.lowercased().contains("name") || reason.lowercased().contains("match"):
            return
                "the certificate is for another host name: put the name it is for in smtp.url (smtp.ca_file only adds trusted CAs)"
        case .tlsFailed:
            return
                "if the server uses a private CA, trust it with: outreach profile set smtp.ca_file FILE (or, only for a test server, --insecure-skip-verify)"
        case .startTLSUnavailable:
            return "use the provider's submission port with STARTTLS (587) or implicit TLS (smtps://HOST:465)"
        case .authenticationFailed:
            return
                "check smtp.username and the password source (OUTREACH_SMTP_PASSWORD, smtp.password_command, ~/.netrc)"
        case .serverRefused(_, _, let code, _) where code / 100 == 5:
            return
                "the server refuses this client for good: check smtp.url (your provider's submission host and port); the letters stay queued"
        case .serverRefused: return "try again later; the letters stay queued"
        case .connectionLost:
            return
                "run 'outreach send' again: letters not yet sent stay queued, and a letter that may have arrived is marked unknown"
        case .anotherSendRunning: return "wait for it to finish; two runs never send the same letter"
        case .contentWithheld: return "see its history with: outreach show ID"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .notConfigured, .badSetting, .noPassword, .secretCommandFailed, .secretCommandEmpty, .secretCommandControl,
            .secretCommandProblem:
            return ExitStatus.configuration
        case .unknownSetting: return ExitStatus.usage
        case .cannotConnect, .tlsFailed, .startTLSUnavailable, .connectionLost, .contentWithheld:
            return ExitStatus.unavailable
        case .authenticationFailed: return ExitStatus.noPermission
        case .serverRefused(_, _, let code, _) where code / 100 == 5: return ExitStatus.unavailable
        case .serverRefused, .anotherSendRunning: return ExitStatus.temporaryFailure
        }
    }
}
