import Foundation

/// What one connection to the mail server is, as its opening showed it: for `outreach send
/// --check` (like `msmtp --serverinfo`), and for the rule that a configured login is required.
public struct SMTPSession: Sendable, Equatable, Encodable {
    /// The server as the profile names it, and the port.
    public var host: String
    public var port: Int
    /// The greeting's text after the code (`mx.example.org ESMTP Postfix`).
    public var greeting: String
    /// The name the greeting gives for the server (its first word, RFC 5321 §4.2).
    public var serverName: String
    /// The name `outreach` gave in EHLO.
    public var ehloName: String
    /// `TLSv1.3`, or nil on a connection without TLS (`smtp.security none`).
    public var tlsVersion: String?
    /// The TLS cipher suite (`TLS_AES_256_GCM_SHA384`), when known.
    public var tlsCipher: String?
    /// The certificate the server presented, when there was a handshake.
    public var certificate: ServerCertificate?
    /// The EHLO extensions of the last EHLO (after STARTTLS), one keyword with its parameters each
    /// (`SIZE 35882577`, `AUTH PLAIN LOGIN`, `8BITMIME`).
    public var extensions: [String]
    /// The SASL mechanisms the server offers (RFC 4954 §3), upper case.
    public var authMechanisms: [String]
    /// The largest message the server takes, in bytes (RFC 1870); 0 when it names no fixed
    /// limit; nil when it does not say.
    public var sizeLimit: Int?
    /// The user logged in, and the mechanism libcurl chose; nil without AUTH.
    public var user: String?
    public var authMechanism: String?

    /// Reads the facts from the replies to the opening of a connection.
    /// - Parameters:
    ///   - exchange: the opening transfer (greeting, EHLO, STARTTLS, EHLO, AUTH, NOOP).
    ///   - settings: the server's host and port.
    ///   - user: the AUTH user when a login succeeded.
    init(_ exchange: CurlExchange, settings: SMTPSettings, user: String?) {
        host = settings.host
        port = settings.port
        greeting = exchange.replies.first { $0.command == .greeting }?.text ?? ""
        serverName = greeting.split(separator: " ").first.map(String.init) ?? ""
        ehloName = exchange.ehloName
        tlsVersion = exchange.tls?.version
        tlsCipher = exchange.tls.flatMap { $0.cipher.isEmpty ? nil : $0.cipher }
        certificate = exchange.certificate
        let ehlo = exchange.replies.last { $0.command == .ehlo && $0.code / 100 == 2 }
        extensions = Array((ehlo?.lines ?? []).dropFirst())
        authMechanisms = Self.mechanisms(in: extensions)
        sizeLimit = Self.sizeLimit(in: extensions)
        self.user = user
        authMechanism = user == nil ? nil : exchange.authMechanism
    }

    enum CodingKeys: String, CodingKey {
        case host, port, greeting, certificate, extensions, user
        case serverName = "server_name"
        case ehloName = "ehlo_name"
        case tlsVersion = "tls_version"
        case tlsCipher = "tls_cipher"
        case authMechanisms = "auth_mechanisms"
        case sizeLimit = "size_limit"
        case authMechanism = "auth_mechanism"
    }

    /// Encodes every key, a value that is not known as null (a stable shape for scripts).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
        try container.encode(greeting, forKey: .greeting)
        try container.encode(serverName, forKey: .serverName)
        try container.encode(ehloName, forKey: .ehloName)
        try container.encode(tlsVersion, forKey: .tlsVersion)
        try container.encode(tlsCipher, forKey: .tlsCipher)
        try container.encode(certificate, forKey: .certificate)
        try container.encode(extensions, forKey: .extensions)
        try container.encode(authMechanisms, forKey: .authMechanisms)
        try container.encode(sizeLimit, forKey: .sizeLimit)
        try container.encode(user, forKey: .user)
        try container.encode(authMechanism, forKey: .authMechanism)
    }

    /// The mechanisms of an `AUTH` extension line (`AUTH PLAIN LOGIN`, or the old `AUTH=LOGIN`).
    static func mechanisms(in extensions: [String]) -> [String] {
        var mechanisms: [String] = []
        for line in extensions {
            let upper = line.uppercased()
            guard upper.hasPrefix("AUTH ") || upper.hasPrefix("AUTH=") else { continue }
            for word in upper.dropFirst(5).split(separator: " ") where !mechanisms.contains(String(word)) {
                mechanisms.append(String(word))
            }
        }
        return mechanisms
    }

    /// The `SIZE` extension's value in bytes (RFC 1870 §4): 0 when it names none.
    static func sizeLimit(in extensions: [String]) -> Int? {
        for line in extensions {
            let words = line.split(separator: " ")
            guard words.first?.uppercased() == "SIZE" else { continue }
            return words.count > 1 ? Int(words[1]) : 0
        }
        return nil
    }
}
