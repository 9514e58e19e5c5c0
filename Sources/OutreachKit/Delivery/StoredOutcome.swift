/// One hand-over's outcome as the queue stores it: the letter's delivery columns and the event
/// that records it. `DeliveryRecord` makes it; `SendBooks` writes it; `UnrecordedOutcomes`
/// keeps it in a file beside the queue when the queue cannot take it.
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
}

extension DeliveryRecord {
    /// What the queue stores for this record.
    var stored: StoredOutcome {
        StoredOutcome(
            letterId: letter.id, status: letter.status, attempts: letter.attempts, lastReply: letter.lastReply,
            nextAttemptAt: letter.nextAttemptAt, sentAt: letter.sentAt, updatedAt: letter.updatedAt, kind: kind,
            detail: detail, replyCode: replyCode, at: at)
    }
}
