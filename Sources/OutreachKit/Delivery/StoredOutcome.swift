/// One hand-over's outcome as the queue stores it: the letter's delivery columns, the event that
/// records it, and the new state of each envelope recipient the server answered. `DeliveryRecord`
/// makes it; `SendBooks` writes it (all of it in one batch); `HandOverLog` notes it and
/// `UnrecordedOutcomes` keeps it in a file beside the queue when the queue cannot take it.
struct StoredOutcome: Equatable, Sendable {
    var letterId: Int64
    var status: LetterStatus
    /// Hand-overs so far, this one included (unless it was `not-sent`).
    var attempts: Int
    var lastReply: String
    /// ISO 8601 UTC.
    var nextAttemptAt: String?
    /// ISO 8601 UTC.
    var sentAt: String?
    /// ISO 8601 UTC.
    var updatedAt: String
    /// The event's kind: the new status, or `not-sent`.
    var kind: EventKind
    /// The event's text: the server's reply, with the copies it refused.
    var detail: String
    var replyCode: Int?
    /// The event's time, ISO 8601 UTC.
    var at: String
    /// The hand-over's `sending` event, when the queue does not have it yet (it is written with
    /// the outcome, in the same batch).
    var sending: SendingEvent?
    /// The envelope recipients whose state the hand-over changed (their `updatedAt` is `at`).
    var recipients: [RecipientOutcome] = []
}

/// A hand-over's `sending` event: when, to which server, with which Date.
struct SendingEvent: Equatable, Sendable {
    /// ISO 8601 UTC.
    var timestamp: String
    /// `host:port`.
    var server: String
    /// The Date field's value (RFC 5322 §3.3).
    var dateField: String
}

extension DeliveryRecord {
    /// What the queue stores for this record.
    var stored: StoredOutcome {
        StoredOutcome(
            letterId: letter.id, status: letter.status, attempts: letter.attempts, lastReply: letter.lastReply,
            nextAttemptAt: letter.nextAttemptAt, sentAt: letter.sentAt, updatedAt: letter.updatedAt, kind: kind,
            detail: detail, replyCode: replyCode, at: at, sending: nil,
            recipients: recipients.map { RecipientOutcome(position: $0.position, state: $0.state, reply: $0.reply) })
    }
}
