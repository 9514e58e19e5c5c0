import Foundation

/// An SMTP client over libcurl: one connection for many messages, TLS always verified (unless
/// the person explicitly skips it), STARTTLS required where it is the security, AUTH only
/// inside TLS.
public final class SMTPClient {
    public let settings: SMTPSettings
    private let easy: CurlEasy
    private var needsFreshConnection = false
    /// Set by `deliver` when the next letters would meet the same answer: the server refused
    /// the sender (MAIL), or the connection was lost after DATA. A run stops there.
    public private(set) var stopReason: String?

    /// Prepares the handle; connects on the first `deliver`.
    /// - Parameters:
    ///   - settings: the server, its security and the timeout.
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
    /// - Returns: what became of the message (see `DeliveryOutcome(_:server:official:)`).
    public func deliver(from: String, to recipients: [String], work: WaitingWork) -> DeliveryOutcome {
        var exchange = easy.send(from: from, to: recipients, freshConnection: needsFreshConnection, work: work)
        needsFreshConnection = false
        var outcome = DeliveryOutcome(exchange, server: settings, official: recipients.first)
        // A connection the server dropped while idle fails before MAIL: safe to try once more.
        if case .notSent(.connectionLost) = outcome, !exchange.contentWithheld {
            exchange = easy.send(
                from: from, to: recipients, freshConnection: true, work: WaitingWork(content: work.content))
            outcome = DeliveryOutcome(exchange, server: settings, official: recipients.first)
        }
        if case .notSent = outcome { needsFreshConnection = true }
        stopReason = nil
        if case .uncertain(let reason) = outcome {
            needsFreshConnection = true
            stopReason = "the connection to \(settings.host) port \(settings.port) was lost: \(reason)"
        }
        if let refusal = exchange.replies.first(where: { $0.command == .mail && $0.code >= 400 }) {
            stopReason = "\(settings.host) refused the sender <\(from)>: \(refusal.code) \(refusal.text)"
        }
        return outcome
    }

    private static func ehloName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
