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
    /// No other source gave a password, and `file` (`~/.netrc`) has entries for `host` for other
    /// logins only (`logins`): outreach logs in only as the configured user (`userKey`), never as
    /// another one an entry names.
    case netrcOtherLogin(
        file: String, host: String, user: String, userKey: String, logins: [String], variable: String,
        commandKey: String)
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
    /// The certificate was not trusted (the chain, the host name, the dates, or `smtp.ca_file`).
    case tlsFailed(host: String, port: Int, reason: String)
    /// The TLS handshake failed for another reason than the certificate (no common protocol
    /// version or cipher, a broken record): verification has nothing to do with it.
    case tlsHandshakeFailed(host: String, port: Int, reason: String)
    /// `smtps://` (implicit TLS) to a port that answered in plain text: it expects STARTTLS
    /// (OpenSSL's "wrong version number", a TLS record-layer error).
    case implicitTLSOnPlainPort(host: String, port: Int)
    /// `smtp://` to a port that stays silent because it waits for a TLS handshake (SMTPS, 465).
    case plainOnImplicitTLSPort(host: String, port: Int, seconds: Int)
    /// The server does not offer STARTTLS, or refused it: nothing else was sent.
    case startTLSUnavailable(host: String, port: Int)
    /// The server refused the credentials (535).
    case authenticationFailed(host: String, user: String, reply: String)
    /// `smtp.username` is set and the server logged nobody in: it offers no AUTH (after
    /// STARTTLS), or none libcurl can use. Nothing was sent (msmtp refuses the same way).
    case authenticationNotOffered(host: String, port: Int, user: String, offered: [String])
    /// The server asks for a login (530 to MAIL, RCPT or DATA, RFC 4954 §6): the letter is not
    /// refused, it stays queued. `user` is `smtp.username`, when set.
    case authenticationRequired(host: String, port: Int, user: String?, reply: String)
    /// The server refused the name given in EHLO and HELO (a 5xx).
    case heloRefused(host: String, port: Int, name: String, reply: String)
    /// The server said 421 (it is closing the connection) to a letter before its content, and
    /// again on the new connection before taking any: nothing of the letter was taken.
    case serverClosing(host: String, port: Int, reply: String)
    /// The server refused the session before any letter (for example 421 or 554 at the greeting);
    /// `reply` is the code and the text.
    case serverRefused(host: String, port: Int, code: Int, reply: String)
    /// The server stopped answering mid-session.
    case connectionLost(host: String, port: Int, reason: String)
    /// The server did not answer `command` (`MAIL FROM`, `RCPT TO`, ...) within `seconds`
    /// (`smtp.timeout`), before any content was sent.
    case noReply(host: String, port: Int, command: String, seconds: Int)
    /// `send --test` of a letter that goes by web form or post.
    case notEmailed(id: Int64, channel: Channel)
    /// The server refused the test copy (`send --test`).
    case testRefused(address: String, code: Int, reply: String)
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
        case .netrcOtherLogin(let file, let host, let user, let userKey, let logins, _, _):
            let named = logins.map { $0.isEmpty ? "(no login)" : $0 }.joined(separator: ", ")
            return
                "\(file) has no entry for \(user) (\(userKey)) at \(host), only for \(named): outreach logs in only as \(user)"
        case .secretCommandFailed(let key, let status): return "\(key) exited with status \(status)"
        case .secretCommandEmpty(let key): return "\(key) printed an empty first line"
        case .secretCommandProblem(let key, let problem, _): return "\(key) \(problem)"
        case .secretCommandControl(let key):
            return "the first line \(key) printed holds a control character (a CR or NUL?)"
        case .cannotConnect(let host, let port, let reason): return "cannot connect to \(host) port \(port): \(reason)"
        case .tlsFailed(let host, let port, let reason): return "TLS with \(host) port \(port) failed: \(reason)"
        case .tlsHandshakeFailed(let host, let port, let reason):
            return "TLS with \(host) port \(port) failed: \(reason)"
        case .implicitTLSOnPlainPort(let host, let port):
            return
                "smtps:// (TLS from the first byte) to \(host) port \(port), which answered in plain text: that port expects STARTTLS"
        case .plainOnImplicitTLSPort(let host, let port, let seconds):
            return
                "no greeting from \(host) port \(port) within \(seconds) seconds: that port expects TLS from the first byte (SMTPS), not smtp://"
        case .authenticationNotOffered(let host, let port, let user, let offered):
            return offered.isEmpty
                ? "\(host) port \(port) offers no AUTH, and smtp.username is \(user): nothing was sent, no password was sent"
                : "\(host) port \(port) did not log \(user) in (it offers AUTH \(offered.joined(separator: " "))): nothing was sent"
        case .authenticationRequired(let host, let port, _, let reply):
            return "\(host) port \(port) asks for a login: \(reply)"
        case .heloRefused(let host, let port, let name, let reply):
            return "\(host) port \(port) refused the name outreach gave in EHLO, \(name): \(reply)"
        case .serverClosing(let host, let port, let reply):
            return
                "\(host) port \(port) closed the connection twice before taking a letter: \(reply); nothing of the letter was taken"
        case .startTLSUnavailable(let host, let port):
            return
                "\(host) port \(port) does not offer STARTTLS (or refused it); nothing was sent, no password was sent"
        case .authenticationFailed(let host, let user, let reply):
            return "\(host) refused the login for \(user): \(reply)"
        case .serverRefused(let host, let port, _, let reply):
            return "\(host) port \(port) refused the session: \(reply)"
        case .connectionLost(let host, let port, let reason):
            return "the connection to \(host) port \(port) was lost: \(reason)"
        case .noReply(let host, let port, let command, let seconds):
            return
                "\(host) port \(port) did not answer \(command) within \(seconds) seconds; nothing of the letter was sent"
        case .anotherSendRunning(let lock): return "another 'outreach send' is running on this queue (\(lock))"
        case .notEmailed(let id, let channel):
            return "letter \(id) goes by \(channel.rawValue), not email: there is no message to send yourself"
        case .testRefused(let address, _, let reply): return "the server refused the test to \(address): \(reply)"
        case .contentWithheld: return "it was discarded or changed while the run was going; nothing of it was sent"
        }
    }

    public var hint: String? {
        switch self {
        case .notConfigured:
            return
                "pick your provider: outreach profile set smtp.provider NAME (\(ProviderPreset.all.map(\.name).joined(separator: ", "))); or set the server yourself: outreach profile set smtp.url smtps://smtp.example.org:465 (see README: Set up your provider)"
        case .badSetting(_, _, _, let hint): return hint
        case .unknownSetting: return "SMTP keys: \(SMTPSettings.keys.joined(separator: ", "))"
        case .noPassword(_, _, .xoauth2):
            return "set OUTREACH_SMTP_TOKEN, or smtp.token_command, or type it when asked (outreach asks on a terminal)"
        case .noPassword:
            return
                "set OUTREACH_SMTP_PASSWORD, or smtp.password_command, or a ~/.netrc entry for the host, or type it when asked (outreach asks on a terminal)"
        case .netrcOtherLogin(let file, let host, let user, let userKey, _, let variable, let commandKey):
            return
                "add 'machine \(host) login \(user) password ...' to \(file), or set \(variable) or \(commandKey); if \(user) is the wrong user, fix it: outreach profile set \(userKey) USER"
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
        case .tlsHandshakeFailed:
            return
                "check smtp.url: smtps://HOST:465 is TLS from the first byte, smtp://HOST:587 upgrades with STARTTLS; outreach send --check shows what the server offers"
        case .implicitTLSOnPlainPort(let host, let port):
            return "set: outreach profile set smtp.url smtp://\(Self.shownHost(host)):\(port)"
        case .plainOnImplicitTLSPort(let host, let port, _):
            return "set: outreach profile set smtp.url smtps://\(Self.shownHost(host)):\(port)"
        case .authenticationNotOffered(_, _, _, let offered) where offered.isEmpty:
            return
                "check smtp.url: your provider's submission port (smtp://HOST:587 or smtps://HOST:465) offers AUTH; if this server takes mail without a login, clear smtp.username (outreach profile set smtp.username '')"
        case .authenticationNotOffered:
            return "set smtp.auth to what the server offers (password for PLAIN or LOGIN, xoauth2 for XOAUTH2)"
        case .authenticationRequired(_, _, _, let reply) where reply.lowercased().contains("starttls"):
            return "the server wants STARTTLS first: set smtp.security starttls; the letters stay queued"
        case .authenticationRequired(_, _, nil, _):
            return
                "set smtp.username and a password source (OUTREACH_SMTP_PASSWORD, smtp.password_command, ~/.netrc); the letters stay queued for the next 'outreach send'"
        case .authenticationRequired:
            return "check smtp.username and the password source; the letters stay queued for the next 'outreach send'"
        case .heloRefused:
            return
                "give a name the server takes: outreach profile set smtp.helo NAME (this machine's fully qualified name, or an address literal like [192.0.2.1]); the letters stay queued"
        case .serverClosing:
            return
                "try again later; the letters stay queued. If the server limits messages per connection, set smtp.per_connection to that number"
        case .startTLSUnavailable:
            return "use the provider's submission port with STARTTLS (587) or implicit TLS (smtps://HOST:465)"
        case .authenticationFailed:
            return
                "check smtp.username and the password source (OUTREACH_SMTP_PASSWORD, smtp.password_command, ~/.netrc)"
        case .serverRefused(_, _, let code, _) where code / 100 == 5:
            return
                "the server refuses this client for good: check smtp.url (your provider's submission host and port); the letters stay queued"
        case .serverRefused: return "try again later; the letters stay queued"
        case .noReply:
            return "the server may be overloaded: try again later (smtp.timeout sets the wait); the letters stay queued"
        case .connectionLost:
            return
                "run 'outreach send' again: letters not yet sent stay queued, and a letter that may have arrived is marked unknown"
        case .anotherSendRunning: return "wait for it to finish; two runs never send the same letter"
        case .notEmailed(let id, _): return "see it with: outreach show \(id) (add --form for a web form)"
        case .testRefused(_, let code, _) where code / 100 == 4: return "try again later; the letter is unchanged"
        case .testRefused: return "check your profile's email address; the letter is unchanged"
        case .contentWithheld: return "see its history with: outreach show ID"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .notConfigured, .badSetting, .noPassword, .netrcOtherLogin, .secretCommandFailed, .secretCommandEmpty,
            .secretCommandControl,
            .secretCommandProblem:
            return ExitStatus.configuration
        case .unknownSetting: return ExitStatus.usage
        case .cannotConnect, .tlsFailed, .tlsHandshakeFailed, .startTLSUnavailable, .connectionLost, .noReply,
            .contentWithheld:
            return ExitStatus.unavailable
        case .implicitTLSOnPlainPort, .plainOnImplicitTLSPort, .heloRefused: return ExitStatus.configuration
        case .authenticationFailed, .authenticationNotOffered, .authenticationRequired: return ExitStatus.noPermission
        case .serverClosing: return ExitStatus.temporaryFailure
        case .notEmailed: return ExitStatus.usage
        case .testRefused(_, let code, _): return code / 100 == 4 ? ExitStatus.temporaryFailure : 1
        case .serverRefused(_, _, let code, _) where code / 100 == 5: return ExitStatus.unavailable
        case .serverRefused, .anotherSendRunning: return ExitStatus.temporaryFailure
        }
    }

    /// A host as it goes in a URL: an IPv6 address in brackets.
    static func shownHost(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
