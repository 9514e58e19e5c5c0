import Foundation

extension DeliveryOutcome {
    /// Classifies one transfer: libcurl's result and the server's replies.
    ///
    /// A 2xx after the content is `sent` (unless the To address was refused); a 4xx or 5xx to
    /// MAIL, RCPT or DATA is `deferred` or `failed` (the To address's own refusal decides when it
    /// has one); a refused greeting, EHLO, STARTTLS or AUTH, and every failure before the server
    /// accepted DATA, is `notSent`; a failure after that is `uncertain` (RFC 5321 §4.1.1.4:
    /// the message may have been delivered).
    /// - Parameters:
    ///   - exchange: what the transfer did.
    ///   - server: the settings the transfer used (host, port, user and timeout, for messages).
    ///   - official: the To address; the others are copies (Cc).
    init(_ exchange: CurlExchange, server: SMTPSettings, official: String?) {
        let host = server.host
        let port = server.port
        if exchange.contentWithheld {
            self = .notSent(.contentWithheld)
            return
        }
        let refused = exchange.replies.compactMap { reply -> RefusedRecipient? in
            guard case .rcpt(let address) = reply.command, reply.code >= 400 else { return nil }
            return RefusedRecipient(
                address: address.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")), code: reply.code,
                reply: "\(reply.code) \(reply.text)")
        }
        // libcurl reports success only after a 2xx to the end of DATA: never resend it.
        if exchange.code == .ok {
            let last = exchange.replies.last { $0.command == .endOfData } ?? exchange.replies.last
            let reply = last.map { "\($0.code) \($0.text)" } ?? "\(exchange.responseCode)"
            // The copies went, but not the letter to the official: that is not `sent`. It is
            // `failed` even for a 4xx, since a retry would deliver the copies again.
            if let official, let toRefusal = refused.first(where: { $0.address.lowercased() == official.lowercased() })
            {
                self = .failed(
                    code: toRefusal.code,
                    reply: "\(toRefusal.reply) (To \(official) refused; the copies were delivered: \(reply))",
                    refused: refused)
                return
            }
            self = .sent(reply: reply, refused: refused)
            return
        }
        // The To address's own refusal, when it has one, says what became of the letter.
        let toRefusal = official.flatMap { official in
            exchange.replies.last { reply in
                guard case .rcpt(let address) = reply.command else { return false }
                return reply.code >= 400 && address.lowercased().contains(official.lowercased())
            }
        }
        if let refusal = toRefusal ?? exchange.replies.last(where: { $0.code >= 400 }) {
            let reply = "\(refusal.code) \(refusal.text)"
            switch refusal.command {
            case .greeting, .ehlo, .helo:
                self = .notSent(.serverRefused(host: host, port: port, code: refusal.code, reply: reply))
            case .startTLS:
                self = .notSent(.startTLSUnavailable(host: host, port: port))
            case .auth:
                self = .notSent(.authenticationFailed(host: host, user: server.username ?? "", reply: reply))
            default:
                let transient = refusal.code / 100 == 4
                self =
                    transient
                    ? .deferred(code: refusal.code, reply: reply, refused: refused)
                    : .failed(code: refusal.code, reply: reply, refused: refused)
            }
            return
        }
        // From the moment the server accepted DATA, a failure may still have delivered it.
        if exchange.dataStarted || exchange.bodySent {
            self = .uncertain(reason: "\(exchange.text) (after the server accepted DATA)")
            return
        }
        switch exchange.code {
        case let code where code.isTLSFailure:
            self = .notSent(.tlsFailed(host: host, port: port, reason: exchange.text))
        case .useSSLFailed:
            self = .notSent(.startTLSUnavailable(host: host, port: port))
        case .loginDenied:
            self = .notSent(.authenticationFailed(host: host, user: server.username ?? "", reply: exchange.text))
        case .couldNotResolveHost, .couldNotConnect:
            self = .notSent(.cannotConnect(host: host, port: port, reason: exchange.text))
        case .operationTimedOut where exchange.replies.isEmpty:
            self = .notSent(
                .cannotConnect(host: host, port: port, reason: "no greeting within \(server.timeout) seconds"))
        default:
            self = .notSent(.connectionLost(host: host, port: port, reason: exchange.text))
        }
    }
}
