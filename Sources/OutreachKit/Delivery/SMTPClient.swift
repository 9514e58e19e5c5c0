import Foundation

/// An SMTP client over libcurl: one connection for many messages, TLS always verified (unless
/// the person explicitly skips it), STARTTLS required where it is the security, AUTH only
/// inside TLS, and AUTH required when `smtp.username` is set.
///
/// Every connection is opened by `openConnection` (greeting, EHLO, STARTTLS, AUTH, NOOP) before a
/// message goes over it, so that what it is can be checked before MAIL: a new one after a 421,
/// after `smtp.per_connection` messages, after an idle spell, or after a failure.
public final class SMTPClient {
    public let settings: SMTPSettings
    private let easy: CurlEasy
    /// False when the person skipped the certificate and host-name checks (`--insecure-skip-verify`).
    public let verifiesCertificates: Bool
    /// The user libcurl logs in as (the credentials' own, which is `smtp.username`); nil without AUTH.
    private let loginUser: String?
    /// The open connection's facts; nil when none is open.
    public private(set) var session: SMTPSession?
    /// Set by `deliver` when the next letters would meet the same answer: the server refused
    /// the sender (MAIL), or the connection was lost after DATA. A run stops there.
    public private(set) var stopReason: String?
    /// The replies of the 421s the server closed a connection with during `deliver`, each
    /// followed by a new connection and the same letter handed over again.
    public private(set) var closings: [String] = []
    /// Connections opened so far.
    public private(set) var connectionsOpened = 0
    /// The RCPT replies of the last `deliver`, and whether the server took the message.
    private(set) var recipientReplies = RecipientReplies()
    /// Messages handed over on the open connection.
    private var messagesOnConnection = 0
    /// When the open connection was last used.
    private var lastUse = Date.distantPast
    /// The machine's name for EHLO, looked up once.
    private lazy var machineName: String? = settings.helo == nil ? EHLOName.machineName() : nil

    /// Seconds a connection may stay idle and still carry the next message: below libcurl's own
    /// limit (CURLOPT_MAXAGE_CONN, 60 seconds) and most servers' idle timeouts, so that a new
    /// connection is opened here, with its checks, rather than inside a message's transfer.
    static let idleLimit: TimeInterval = 50
    /// Seconds a QUIT waits for its reply when a connection is closed.
    static let quitGrace = 2

    /// Prepares the handle; connects on the first `deliver` or `check`.
    /// - Parameters:
    ///   - settings: the server, its security and the timeout.
    ///   - credentials: nil for no AUTH.
    ///   - insecureSkipVerify: skip certificate and host-name checks (a test server only).
    /// - Throws: `DeliveryError.badSetting` for an unreadable `smtp.ca_file`.
    public init(settings: SMTPSettings, credentials: Credentials?, insecureSkipVerify: Bool = false) throws {
        self.settings = settings
        loginUser = credentials?.username
        verifiesCertificates = !insecureSkipVerify
        easy = try CurlEasy()
        var caBundle: [UInt8]?
        if let caFile = settings.caFile {
            guard let extra = FileManager.default.contents(atPath: caFile) else {
                throw DeliveryError.badSetting(
                    key: "smtp.ca_file", value: caFile, reason: "is not a readable file",
                    hint: "give the path of a PEM file of CA certificates")
            }
            // The extra CAs are trusted beside the system's, not instead of them.
            var bundle: [UInt8] = []
            if let system = easy.defaultCAFile, let systemBundle = FileManager.default.contents(atPath: system) {
                bundle += systemBundle + [0x0A]
            }
            caBundle = bundle + extra
        }
        do {
            try easy.configureSMTP(
                requireStartTLS: settings.security == .starttls, timeout: settings.timeout, verify: !insecureSkipVerify,
                caBundle: caBundle, credentials: credentials)
        } catch {
            throw DeliveryError.badSetting(
                key: "smtp", value: settings.url, reason: "was refused by libcurl (\(error))",
                hint: "check smtp.timeout and smtp.ca_file")
        }
    }

    /// Connects, upgrades to TLS, logs in, and says what the server is; sends no message, and
    /// closes the connection with QUIT.
    /// - Returns: the connection's facts.
    /// - Throws: the `DeliveryError` that stopped it (connection, TLS, EHLO, login, no AUTH).
    public func check() throws -> SMTPSession {
        if let error = openRetryingOn421() { throw error }
        defer { closeConnection() }
        guard let session else {
            throw DeliveryError.connectionLost(host: settings.host, port: settings.port, reason: "no session")
        }
        return session
    }

    /// Hands one message to the server.
    /// - Parameters:
    ///   - from: envelope MAIL FROM.
    ///   - recipients: envelope RCPT TO addresses.
    ///   - officials: which of them are the To (the office); nil means the first.
    ///   - work: what to do while the server answers, and the message content; content nil
    ///     aborts the transfer (the connection is then replaced) and the outcome is `.notSent`
    ///     (`DeliveryError.contentWithheld`) with nothing delivered. Every step is done by the
    ///     time this returns, unless no connection could be opened (then none is).
    /// - Returns: what became of the message (see `DeliveryOutcome(_:server:officials:)`). A 421
    ///   before the content is not an outcome: the letter goes again at once over a new
    ///   connection, and only a second 421 before any message is taken makes it `.notSent`.
    public func deliver(from: String, to recipients: [String], officials: [String]? = nil, work: WaitingWork)
        -> DeliveryOutcome
    {
        stopReason = nil
        recipientReplies = RecipientReplies()
        let officials = officials ?? Array(recipients.prefix(1))
        retireConnectionIfDue()
        // `case .none`, not `== nil`: SMTPSession is Equatable, and `==` copied it for every message.
        if case .none = session, let error = openRetryingOn421() { return .notSent(error) }
        var exchange = easy.send(from: from, to: recipients, work: work)
        var outcome = DeliveryOutcome(exchange, server: settings, officials: officials)
        noteTransfer(exchange)
        if shouldReconnect(outcome, exchange) {
            // Nothing of the letter was taken: it goes again over a new connection, at once.
            if case .notSent(.serverClosing(_, _, let reply)) = outcome { closings.append(reply) }
            closeConnection()
            if let error = openConnection() { return .notSent(error) }
            // Its steps are done (the letter is claimed and marked): only the content is left,
            // and the work done while waiting.
            exchange = easy.send(
                from: from, to: recipients,
                work: WaitingWork(whileWaiting: work.whileWaiting, content: work.content))
            outcome = DeliveryOutcome(exchange, server: settings, officials: officials)
            noteTransfer(exchange)
        }
        recipientReplies = RecipientReplies(exchange)
        switch outcome {
        case .notSent:
            closeConnection()
        case .uncertain(let reason):
            closeConnection()
            stopReason = "the connection to \(settings.host) port \(settings.port) was lost: \(reason)"
        default:
            break
        }
        if let refusal = exchange.replies.first(where: { $0.command == .mail && $0.code >= 400 && $0.code != 421 }) {
            stopReason =
                refusal.code / 100 == 5
                ? "\(settings.host) refused the sender <\(from)>: \(refusal.code) \(refusal.text)"
                : "\(settings.host) will not take mail from <\(from)> for now: \(refusal.code) \(refusal.text)"
        }
        return outcome
    }

    /// Wakes a transfer waiting for the server from another thread, so that it does its
    /// `WaitingWork.whileWaiting` at once (a report that is now on disk, say). Safe across the
    /// connections of a run: it always reaches the handle of the transfer going now.
    public var waker: @Sendable () -> Void { easy.waker }

    /// True when the letter should go again at once over a new connection: the server said 421
    /// before the content (it is closing the connection), or dropped a connection that had been
    /// idle (the failure came before anything was sent on it).
    private func shouldReconnect(_ outcome: DeliveryOutcome, _ exchange: CurlExchange) -> Bool {
        guard !exchange.contentWithheld else { return false }
        switch outcome {
        case .notSent(.serverClosing), .notSent(.serverRefused(_, _, 421, _)): return true
        case .notSent(.connectionLost): return !exchange.openedConnection
        default: return false
        }
    }

    /// Counts a message transfer against the open connection.
    private func noteTransfer(_ exchange: CurlExchange) {
        if exchange.openedConnection {
            // libcurl opened one itself (the old one was gone): count from it.
            connectionsOpened += 1
            messagesOnConnection = 0
        }
        messagesOnConnection += 1
        lastUse = Date()
        if exchange.code == .operationTimedOut { closeConnection() }
    }

    /// Closes the open connection when it has carried `smtp.per_connection` messages, or has been
    /// idle longer than `idleLimit`: the next message opens a new one.
    private func retireConnectionIfDue() {
        guard case .some = session else { return }
        let full = settings.perConnection > 0 && messagesOnConnection >= settings.perConnection
        if full || Date().timeIntervalSince(lastUse) > Self.idleLimit { closeConnection() }
    }

    /// Opens a connection; a 421 at the greeting (the server is busy) gets one more try at once.
    private func openRetryingOn421() -> DeliveryError? {
        let error = openConnection()
        if case .serverRefused(_, _, 421, let reply) = error {
            closings.append(reply)
            return openConnection()
        }
        return error
    }

    /// Opens a new connection: greeting, EHLO, STARTTLS, AUTH, NOOP (see `CurlEasy.open`), and
    /// refuses it when `smtp.username` is set and nobody was logged in.
    /// - Returns: nil when the connection is open and `session` describes it; else why not.
    private func openConnection() -> DeliveryError? {
        let name =
            settings.helo
            ?? EHLOName.choose(
                configured: nil, machineName: machineName,
                localAddress: easy.localAddress ?? EHLOName.localAddress(toward: settings.host, port: settings.port))
        let scheme = settings.security == .tls ? "smtps" : "smtp"
        let exchange = easy.open(
            url: CurlEasy.smtpURL(scheme: scheme, host: settings.host, port: settings.port, ehloName: name),
            ehloName: name)
        guard exchange.code == .ok else {
            closeConnection()
            return openingError(exchange)
        }
        connectionsOpened += 1
        let loggedIn = exchange.replies.contains { $0.command == .auth && $0.code / 100 == 2 }
        // The user named is the one libcurl was given, so that `--check` names who logged in.
        let opened = SMTPSession(exchange, settings: settings, user: loggedIn ? loginUser : nil)
        // With a user configured, a server that logs nobody in gets no letter (msmtp does the same).
        if let username = settings.username, !loggedIn {
            closeConnection()
            return .authenticationNotOffered(
                host: settings.host, port: settings.port, user: username, offered: opened.authMechanisms)
        }
        session = opened
        messagesOnConnection = 0
        lastUse = Date()
        return nil
    }

    /// Why an opening failed, in the person's terms: a plain connection that met silence is
    /// asked whether the port speaks TLS from the first byte (the 465/587 mix-up).
    private func openingError(_ exchange: CurlExchange) -> DeliveryError {
        let outcome = DeliveryOutcome(exchange, server: settings, officials: [])
        let error: DeliveryError
        switch outcome {
        case .notSent(let found): error = found
        case .deferred(let code, let reply, _), .failed(let code, let reply, _):
            error = .serverRefused(host: settings.host, port: settings.port, code: code, reply: reply)
        default:
            error = .connectionLost(host: settings.host, port: settings.port, reason: exchange.text)
        }
        if case .cannotConnect = error, exchange.code == .operationTimedOut, exchange.replies.isEmpty,
            settings.security != .tls,
            CurlTLSProbe.probe(host: settings.host, port: settings.port, timeout: settings.timeout) == .speaksTLS
        {
            return .plainOnImplicitTLSPort(host: settings.host, port: settings.port, seconds: settings.timeout)
        }
        return error
    }

    /// Closes the open connection (a QUIT that waits at most `quitGrace` seconds).
    private func closeConnection() {
        easy.closeConnections(grace: Self.quitGrace)
        session = nil
        messagesOnConnection = 0
    }
}
