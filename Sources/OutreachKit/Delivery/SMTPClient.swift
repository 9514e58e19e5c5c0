import Foundation

/// What became of one message handed to the server.
public enum DeliveryOutcome: Sendable, Equatable {
    /// 250 after DATA: the server took it. `reply` often holds its queue id.
    case sent(reply: String, refused: [RefusedRecipient])
    /// A 4xx reply to MAIL, RCPT or DATA: try again later.
    case deferred(code: Int, reply: String, refused: [RefusedRecipient])
    /// A 5xx reply to MAIL, RCPT or DATA: the server will not take it.
    case failed(code: Int, reply: String, refused: [RefusedRecipient])
    /// The connection failed after the server accepted DATA: it may have arrived.
    case uncertain(reason: String)
    /// Nothing was handed over (connection, TLS, login, or the server refused the session).
    case notSent(DeliveryError)
}

/// Work a transfer does while it waits for the server's replies, so that it costs little time
/// of its own, and the message content, given only when it is due.
public struct WaitingWork {
    /// Done one per wait, in order; all are done by the end of the transfer.
    public var steps: [() -> Void]
    /// How many of the first steps must be done before the message content goes.
    public var neededBeforeContent: Int
    /// Asked once those are done, after the server accepted DATA: the RFC 5322 message (CRLF
    /// line ends, not dot-stuffed), or nil to abort the transfer with nothing of it sent.
    public var content: () -> [UInt8]?

    public init(steps: [() -> Void] = [], neededBeforeContent: Int = 0, content: @escaping () -> [UInt8]?) {
        self.steps = steps
        self.neededBeforeContent = neededBeforeContent
        self.content = content
    }
}

/// One RCPT the server refused while it took the message for the others.
public struct RefusedRecipient: Sendable, Equatable, Codable {
    public var address: String
    public var code: Int
    public var reply: String
}

/// An SMTP client over libcurl: one connection for many messages, TLS always verified (unless
/// the person explicitly skips it), STARTTLS required where it is the security, AUTH only
/// inside TLS.
public final class SMTPClient: @unchecked Sendable {
    public let settings: SMTPSettings
    private let easy: CurlEasy
    private var needsFreshConnection = false
    /// Set by `deliver` when the next letters would meet the same answer: the server refused
    /// the sender (MAIL), or the connection was lost after DATA. A run stops there.
    public private(set) var stopReason: String?

    /// Prepares the handle; connects on the first `deliver`.
    /// - Parameters:
    ///   - credentials: nil for no AUTH.
    ///   - insecureSkipVerify: skip certificate and host-name checks (a test server only).
    /// - Throws: `DeliveryError.badSetting` for an unreadable `smtp.ca_file`.
    public init(settings: SMTPSettings, credentials: Credentials?, insecureSkipVerify: Bool = false) throws {
        self.settings = settings
        let scheme = settings.security == .tls ? "smtps" : "smtp"
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        easy = try CurlEasy(url: "\(scheme)://\(host):\(settings.port)", ehloName: Self.ehloName())
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

    /// Hands one message to the server.
    /// - Parameters:
    ///   - from: envelope MAIL FROM.
    ///   - recipients: envelope RCPT TO addresses.
    ///   - work: what to do while the server answers, and the message content; content nil
    ///     aborts the transfer (the connection is then replaced) and the outcome is `.notSent`
    ///     (`DeliveryError.contentWithheld`) with nothing delivered. Every step is done by the
    ///     time this returns.
    public func deliver(from: String, to recipients: [String], work: WaitingWork) -> DeliveryOutcome {
        var exchange = easy.send(from: from, to: recipients, freshConnection: needsFreshConnection, work: work)
        needsFreshConnection = false
        var outcome = classify(exchange, official: recipients.first)
        // A connection the server dropped while idle fails before MAIL: safe to try once more.
        if case .notSent(.connectionLost) = outcome, !exchange.contentWithheld {
            exchange = easy.send(
                from: from, to: recipients, freshConnection: true, work: WaitingWork(content: work.content))
            outcome = classify(exchange, official: recipients.first)
        }
        if case .notSent = outcome { needsFreshConnection = true }
        stopReason = nil
        if case .uncertain(let reason) = outcome {
            needsFreshConnection = true
            stopReason = "the connection to \(settings.host) port \(settings.port) was lost: \(reason)"
        }
        if let refusal = exchange.replies.first(where: { $0.command == "MAIL" && $0.code >= 400 }) {
            stopReason = "\(settings.host) refused the sender <\(from)>: \(refusal.code) \(refusal.text)"
        }
        return outcome
    }

    /// Turns libcurl's result and the server's replies into an outcome.
    /// - Parameter official: the To address; the others are copies (Cc).
    func classify(_ exchange: CurlExchange, official: String? = nil) -> DeliveryOutcome {
        let host = settings.host
        let port = settings.port
        if exchange.contentWithheld { return .notSent(.contentWithheld) }
        let refused = exchange.replies.filter { $0.command.hasPrefix("RCPT") && $0.code >= 400 }.map {
            RefusedRecipient(
                address: String($0.command.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "<> ")),
                code: $0.code, reply: "\($0.code) \($0.text)")
        }
        // libcurl reports success only after a 2xx to the end of DATA: never resend it.
        if exchange.code == CurlExchange.ok {
            let last = exchange.replies.last { $0.command == "end of data" } ?? exchange.replies.last
            let reply = last.map { "\($0.code) \($0.text)" } ?? "\(exchange.responseCode)"
            // The copies went, but not the letter to the official: that is not `sent`. It is
            // `failed` even for a 4xx, since a retry would deliver the copies again.
            if let official, let toRefusal = refused.first(where: { $0.address.lowercased() == official.lowercased() })
            {
                return .failed(
                    code: toRefusal.code,
                    reply: "\(toRefusal.reply) (To \(official) refused; the copies were delivered: \(reply))",
                    refused: refused)
            }
            return .sent(reply: reply, refused: refused)
        }
        // The To address's own refusal, when it has one, says what became of the letter.
        let toRefusal = official.flatMap { address in
            exchange.replies.last {
                $0.command.hasPrefix("RCPT") && $0.code >= 400 && $0.command.lowercased().contains(address.lowercased())
            }
        }
        if let refusal = toRefusal ?? exchange.replies.last(where: { $0.code >= 400 }) {
            let reply = "\(refusal.code) \(refusal.text)"
            switch refusal.command {
            case "greeting", "EHLO", "HELO":
                return .notSent(.serverRefused(host: host, port: port, reply: reply))
            case "STARTTLS":
                return .notSent(.startTLSUnavailable(host: host, port: port))
            case "AUTH":
                return .notSent(.authenticationFailed(host: host, user: settings.username ?? "", reply: reply))
            default:
                let transient = refusal.code / 100 == 4
                return transient
                    ? .deferred(code: refusal.code, reply: reply, refused: refused)
                    : .failed(code: refusal.code, reply: reply, refused: refused)
            }
        }
        // From the moment the server accepted DATA, a failure may still have delivered it.
        if exchange.dataStarted || exchange.bodySent {
            return .uncertain(reason: "\(exchange.text) (after the server accepted DATA)")
        }
        switch exchange.code {
        case CurlExchange.peerVerification, CurlExchange.tlsConnect, CurlExchange.caBadFile, 58, 59, 83, 90, 91:
            return .notSent(.tlsFailed(host: host, port: port, reason: exchange.text))
        case CurlExchange.useSSLFailed:
            return .notSent(.startTLSUnavailable(host: host, port: port))
        case CurlExchange.loginDenied:
            return .notSent(.authenticationFailed(host: host, user: settings.username ?? "", reply: exchange.text))
        case CurlExchange.couldNotResolve, CurlExchange.couldNotConnect:
            return .notSent(.cannotConnect(host: host, port: port, reason: exchange.text))
        case CurlExchange.timedOut where exchange.replies.isEmpty:
            return .notSent(
                .cannotConnect(host: host, port: port, reason: "no greeting within \(settings.timeout) seconds"))
        default:
            if exchange.replies.isEmpty && exchange.code == CurlExchange.timedOut {
                return .notSent(.cannotConnect(host: host, port: port, reason: exchange.text))
            }
            return .notSent(.connectionLost(host: host, port: port, reason: exchange.text))
        }
    }

    private static func ehloName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
