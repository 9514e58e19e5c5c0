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
