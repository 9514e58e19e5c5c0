import Foundation

/// The certificate a mail server presented, as libcurl reports it (CURLOPT_CERTINFO, OpenSSL's
/// wording): for `outreach send --check`.
public struct ServerCertificate: Sendable, Equatable, Encodable {
    /// The subject's distinguished name (`CN = smtp.example.org`).
    public var subject: String
    /// The issuer's distinguished name.
    public var issuer: String
    /// When it expires, as the TLS library prints it (`Nov 29 19:42:21 2027 GMT`).
    public var expiry: String

    /// `expiry` as a date, when it is in the form OpenSSL prints (`MMM d HH:mm:ss yyyy GMT`).
    public var expiresAt: Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
        // OpenSSL pads a one-digit day with a space ("Jan  1").
        let single = expiry.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return formatter.date(from: single)
    }

    enum CodingKeys: String, CodingKey {
        case subject, issuer, expiry
        case expiresAt = "expires_at"
    }

    /// Encodes the three texts and `expires_at` (ISO 8601 UTC, or null when not understood).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(expiry, forKey: .expiry)
        try container.encode(expiresAt.map { Timestamp.string($0) }, forKey: .expiresAt)
    }
}
