import Foundation

/// What `outreach send --check` reports (like `msmtp --serverinfo`): the connection's facts after
/// TLS and AUTH, and what the daily cap leaves. Nothing is sent.
public struct ServerCheck: Sendable, Encodable {
    /// `smtp.url`.
    public var url: String
    public var session: SMTPSession
    /// True when the server's certificate chain and host name were verified: TLS took place and
    /// verification was not skipped (`--insecure-skip-verify`).
    public var verified: Bool
    /// `smtp.daily_cap`, or `--daily-cap` when given (messages in any 24 hours; 0 means no cap).
    public var dailyCap: Int
    /// Messages the server took in the last 24 hours (letters and test copies).
    public var sentInLastDay: Int

    /// Messages the cap leaves for the next 24 hours; nil when there is no cap.
    public var capLeft: Int? { dailyCap > 0 ? max(0, dailyCap - sentInLastDay) : nil }

    /// Connects, upgrades to TLS, logs in, reads what the server says it is, and QUITs.
    /// - Parameters:
    ///   - client: the client, made from the profile's settings.
    ///   - queue: the queue, for the messages of the last 24 hours; nil when there is none yet.
    ///   - dailyCap: the cap for this run (`--daily-cap`); nil for `smtp.daily_cap`.
    ///   - date: now.
    /// - Returns: the facts.
    /// - Throws: the `DeliveryError` that stopped it (connection, TLS, EHLO, login, no AUTH
    ///   offered with `smtp.username` set); `QueueError.database`.
    public static func run(client: SMTPClient, queue: LetterQueue?, dailyCap: Int? = nil, at date: Date = Date())
        throws -> ServerCheck
    {
        let sent = try queue?.read { db in try Deliverer.sentInLastDay(db, at: date) } ?? 0
        let session = try client.check()
        return ServerCheck(
            url: client.settings.url, session: session,
            verified: client.verifiesCertificates && session.certificate != nil,
            dailyCap: dailyCap ?? client.settings.dailyCap,
            sentInLastDay: sent)
    }

    enum CodingKeys: String, CodingKey {
        case url, session, verified
        case dailyCap = "daily_cap"
        case sentInLastDay = "sent_in_last_day"
        case capLeft = "cap_left"
    }

    /// Encodes every stored value, and `cap_left`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(session, forKey: .session)
        try container.encode(verified, forKey: .verified)
        try container.encode(dailyCap, forKey: .dailyCap)
        try container.encode(sentInLastDay, forKey: .sentInLastDay)
        try container.encode(capLeft, forKey: .capLeft)
    }
}
