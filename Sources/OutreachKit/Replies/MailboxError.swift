/// Why `outreach replies` could not read the mailbox, in one line naming the host, port, user,
/// mailbox or key, and a hint. Passwords never appear in these messages; server text is shown
/// with its control characters replaced.
public enum MailboxError: OutreachError, Equatable {
    /// The profile has no `imap.url`.
    case notConfigured
    /// An `imap.*` value breaks its rule.
    case badSetting(key: String, value: String, reason: String, hint: String)
    /// No user name: neither `imap.username` nor `smtp.username`.
    case noUsername
    /// No source gave a password.
    case noPassword(user: String, host: String)
    /// The TCP connection failed or timed out.
    case cannotConnect(host: String, port: Int, reason: String)
    /// The certificate was not trusted, or TLS failed.
    case tlsFailed(host: String, port: Int, reason: String)
    /// `imaps://` (implicit TLS) to a port that answered in plain text: it expects STARTTLS
    /// (`imap://`, 143); OpenSSL's "wrong version number", a TLS record-layer error.
    case implicitTLSOnPlainPort(host: String, port: Int)
    /// `imap://` to a port that stays silent because it waits for a TLS handshake (IMAPS, 993).
    case plainOnImplicitTLSPort(host: String, port: Int, seconds: Int)
    /// An `imap://` server that does not offer STARTTLS, or refused it: no login was sent.
    case startTLSUnavailable(host: String, port: Int)
    /// The server refused the login.
    case loginRefused(host: String, user: String, reply: String)
    /// EXAMINE was refused: no such mailbox, or no right to read it.
    case noSuchMailbox(mailbox: String, reply: String)
    /// The server refused a command, or answered what cannot be read.
    case serverRefused(host: String, command: String, reply: String)
    /// The server stopped answering mid-run, or a reply did not come within the timeout.
    case connectionLost(host: String, port: Int, reason: String)

    public var message: String {
        switch self {
        case .notConfigured: return "no IMAP server in the profile"
        case .badSetting(let key, let value, let reason, _): return "profile key '\(key)': \"\(value)\" \(reason)"
        case .noUsername: return "no IMAP user name: neither imap.username nor smtp.username is set"
        case .noPassword(let user, let host): return "no IMAP password for \(user) at \(host)"
        case .cannotConnect(let host, let port, let reason): return "cannot connect to \(host) port \(port): \(reason)"
        case .tlsFailed(let host, let port, let reason): return "TLS with \(host) port \(port) failed: \(reason)"
        case .implicitTLSOnPlainPort(let host, let port):
            return
                "imaps:// (TLS from the first byte) to \(host) port \(port), which answered in plain text: that port expects STARTTLS (imap://)"
        case .plainOnImplicitTLSPort(let host, let port, let seconds):
            return
                "no greeting from \(host) port \(port) within \(seconds) seconds: that port expects TLS from the first byte (IMAPS), not imap://"
        case .startTLSUnavailable(let host, let port):
            return "\(host) port \(port) does not offer STARTTLS (or refused it); no password was sent"
        case .loginRefused(let host, let user, let reply): return "\(host) refused the login for \(user): \(reply)"
        case .noSuchMailbox(let mailbox, let reply): return "the mailbox '\(mailbox)' cannot be read: \(reply)"
        case .serverRefused(let host, let command, let reply): return "\(host) refused \(command): \(reply)"
        case .connectionLost(let host, let port, let reason):
            return "the connection to \(host) port \(port) was lost: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .notConfigured:
            return
                "set it: outreach profile set imap.url imaps://imap.example.org:993 (see README: Replies and bounces)"
        case .badSetting(_, _, _, let hint): return hint
        case .noUsername: return "outreach profile set imap.username YOU@example.org"
        case .noPassword:
            return
                "set OUTREACH_IMAP_PASSWORD, or imap.password_command, or a ~/.netrc entry for the host, or type it when asked (outreach asks on a terminal)"
        case .cannotConnect:
            return "check imap.url's host and port and that the server is up; imap.timeout sets the wait"
        case .tlsFailed(_, _, let reason) where reason.lowercased().contains("expired"):
            return "the server's certificate has expired: its owner must renew it"
        case .tlsFailed(_, _, let reason)
        where reason.lowercased().contains("name") || reason.lowercased().contains("match"):
            return "the certificate is for another host name: put the name it is for in imap.url"
        case .tlsFailed: return "if the server uses a private CA, trust it with: outreach profile set imap.ca_file FILE"
        case .implicitTLSOnPlainPort(let host, let port):
            return "set: outreach profile set imap.url imap://\(DeliveryError.shownHost(host)):\(port)"
        case .plainOnImplicitTLSPort(let host, let port, _):
            return "set: outreach profile set imap.url imaps://\(DeliveryError.shownHost(host)):\(port)"
        case .startTLSUnavailable: return "use the provider's IMAP port with implicit TLS (imaps://HOST:993)"
        case .loginRefused:
            return
                "check imap.username and the password source (OUTREACH_IMAP_PASSWORD, imap.password_command, ~/.netrc)"
        case .noSuchMailbox:
            return "list the mailboxes your provider has and set them: outreach profile set imap.mailbox INBOX,Bounces"
        case .serverRefused: return "try again later; what was read so far is kept"
        case .connectionLost: return "run 'outreach replies' again: it goes on from the last message it recorded"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .notConfigured, .badSetting, .noUsername, .noPassword, .implicitTLSOnPlainPort, .plainOnImplicitTLSPort:
            return ExitStatus.configuration
        case .cannotConnect, .tlsFailed, .startTLSUnavailable: return ExitStatus.unavailable
        case .loginRefused: return ExitStatus.noPermission
        case .noSuchMailbox: return ExitStatus.noInput
        case .serverRefused, .connectionLost: return ExitStatus.temporaryFailure
        }
    }
}
