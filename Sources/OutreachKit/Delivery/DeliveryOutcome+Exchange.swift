import Foundation

extension DeliveryOutcome {
    /// Classifies one transfer: libcurl's result and the server's replies.
    ///
    /// A 2xx after the content is `sent` when every To address was accepted; a To deferred
    /// (4xx) while a copy was taken makes it `deferred` (its retry goes only to the addresses
    /// not yet accepted), a To refused (5xx) makes it `failed`. A 4xx or 5xx to MAIL, RCPT or
    /// DATA is `deferred` or `failed` (a To address's own refusal decides when it has one). These
    /// are `notSent`, with nothing of the letter taken: a refused greeting, EHLO, STARTTLS or
    /// AUTH; a 421 before the content (the server is closing the connection, RFC 5321 §3.8);
    /// a 530 (a login is required, RFC 4954 §6); every failure before the server accepted DATA.
    /// A failure after that is `uncertain` (RFC 5321 §4.1.1.4: the message may have been
    /// delivered).
    /// - Parameters:
    ///   - exchange: what the transfer did.
    ///   - server: the settings the transfer used (host, port, security, user and timeout).
    ///   - officials: the To addresses (the office); the other recipients are copies.
    init(_ exchange: CurlExchange, server: SMTPSettings, officials: [String]) {
        let host = server.host
        let port = server.port
        if exchange.contentWithheld {
            self = .notSent(.contentWithheld)
            return
        }
        let officials = Set(officials.map { $0.lowercased() })
        let refused = exchange.replies.compactMap { reply -> RefusedRecipient? in
            guard case .rcpt(let address) = reply.command, reply.code >= 400 else { return nil }
            return RefusedRecipient(
                address: RecipientReplies.unbracketed(address), code: reply.code,
                reply: "\(reply.code) \(reply.text)")
        }
        // libcurl reports success only after a 2xx to the end of DATA: never resend it.
        if exchange.code == .ok {
            self = Self.accepted(exchange, refused: refused, officials: officials)
            return
        }
        if let error = Self.sessionError(exchange, server: server) {
            self = .notSent(error)
            return
        }
        // The To address's own refusal, when it has one, says what became of the letter.
        let toRefusal = exchange.replies.last { reply in
            guard case .rcpt(let address) = reply.command, reply.code >= 400 else { return false }
            return officials.contains(RecipientReplies.bare(address))
        }
        if let refusal = toRefusal ?? exchange.replies.last(where: { $0.code >= 400 }) {
            let reply = "\(refusal.code) \(refusal.text)"
            self =
                refusal.code / 100 == 4
                ? .deferred(code: refusal.code, reply: reply, refused: refused)
                : .failed(code: refusal.code, reply: reply, refused: refused)
            return
        }
        // From the moment the server accepted DATA, a failure may still have delivered it.
        if exchange.dataStarted || exchange.bodySent {
            self = .uncertain(reason: "\(exchange.text) (after the server accepted DATA)")
            return
        }
        self = .notSent(Self.transportError(exchange, server: server))
    }

    /// The server took the message: `sent`, unless a To address was refused while a copy went.
    private static func accepted(_ exchange: CurlExchange, refused: [RefusedRecipient], officials: Set<String>)
        -> DeliveryOutcome
    {
        let last = exchange.replies.last { $0.command == .endOfData } ?? exchange.replies.last
        let reply = last.map { "\($0.code) \($0.text)" } ?? "\(exchange.responseCode)"
        let toRefusals = refused.filter { officials.contains($0.address.lowercased()) }
        // The copies went, but not the letter to the office: that is not `sent`. A 5xx is for
        // good; a 4xx is retried, to the To addresses alone (their copies are accepted).
        if let refusal = toRefusals.first(where: { $0.code >= 500 }) {
            return .failed(
                code: refusal.code,
                reply: "\(refusal.reply) (To \(refusal.address) refused; the copies were delivered: \(reply))",
                refused: refused)
        }
        if let refusal = toRefusals.first {
            return .deferred(
                code: refusal.code,
                reply: "\(refusal.reply) (To \(refusal.address) deferred; the copies were delivered: \(reply))",
                refused: refused)
        }
        return .sent(reply: reply, refused: refused)
    }

    /// A refusal that concerns the session, not the letter: the greeting, EHLO, STARTTLS or AUTH
    /// refused, the server closing the connection (421) before the content, or a login required
    /// (530).
    private static func sessionError(_ exchange: CurlExchange, server: SMTPSettings) -> DeliveryError? {
        let host = server.host
        let port = server.port
        for refusal in exchange.replies where refusal.code >= 400 {
            let reply = "\(refusal.code) \(refusal.text)"
            switch refusal.command {
            case .greeting, .connection:
                return .serverRefused(host: host, port: port, code: refusal.code, reply: reply)
            case .ehlo, .helo:
                guard refusal.code / 100 == 5 else {
                    return .serverRefused(host: host, port: port, code: refusal.code, reply: reply)
                }
                // libcurl tries HELO after a refused EHLO: the last answer is the one to show.
                let last = exchange.replies.last { $0.command == .ehlo || $0.command == .helo } ?? refusal
                return .heloRefused(host: host, port: port, name: exchange.ehloName, reply: "\(last.code) \(last.text)")
            case .startTLS:
                return .startTLSUnavailable(host: host, port: port)
            case .auth:
                return .authenticationFailed(host: host, user: server.username ?? "", reply: reply)
            case .mail, .rcpt, .data:
                if refusal.code == 421 { return .serverClosing(host: host, port: port, reply: reply) }
                if refusal.code == 530 {
                    return .authenticationRequired(host: host, port: port, user: server.username, reply: reply)
                }
            default:
                break
            }
        }
        return nil
    }

    /// Why a transfer failed with no refusal from the server (before it accepted DATA).
    private static func transportError(_ exchange: CurlExchange, server: SMTPSettings) -> DeliveryError {
        let host = server.host
        let port = server.port
        let text = exchange.text.lowercased()
        switch exchange.code {
        // TLS from the first byte met a plain-text greeting: OpenSSL reads "220 " as a record
        // header with a wrong version (a TLS record-layer error).
        case .sslConnectError
        where server.security == .tls && exchange.replies.isEmpty
            && ["wrong version number", "packet length too long", "record layer", "unknown protocol"].contains(
                where: text.contains):
            return .implicitTLSOnPlainPort(host: host, port: port)
        case .sslConnectError where !text.contains("certificate"):
            return .tlsHandshakeFailed(host: host, port: port, reason: exchange.text)
        case let code where code.isTLSFailure:
            return .tlsFailed(host: host, port: port, reason: exchange.text)
        case .useSSLFailed:
            return .startTLSUnavailable(host: host, port: port)
        case .loginDenied:
            return .authenticationFailed(host: host, user: server.username ?? "", reply: exchange.text)
        case .couldNotResolveHost, .couldNotConnect:
            return .cannotConnect(host: host, port: port, reason: exchange.text)
        // A plain connection to the SMTPS port waits for a greeting that never comes.
        case .operationTimedOut where exchange.awaiting == .greeting && server.security != .tls && port == 465:
            return .plainOnImplicitTLSPort(host: host, port: port, seconds: server.timeout)
        case .operationTimedOut where exchange.awaiting == .greeting:
            return .cannotConnect(host: host, port: port, reason: "no greeting within \(server.timeout) seconds")
        case .operationTimedOut:
            // An open connection has had its greeting: the wait was for the command last sent.
            return .noReply(host: host, port: port, command: exchange.awaiting.name, seconds: server.timeout)
        default:
            return .connectionLost(host: host, port: port, reason: exchange.text)
        }
    }
}
