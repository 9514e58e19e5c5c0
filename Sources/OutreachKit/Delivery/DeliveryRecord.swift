import Foundation

/// What one hand-over to the server changes in the queue: the letter's new state, and the event
/// that records the outcome in its history.
struct DeliveryRecord: Equatable {
    /// The letter as it is to be stored.
    var letter: Letter
    /// The event's kind: the letter's new status, or `notSent`.
    var kind: EventKind
    /// The server's reply, with the copies it refused.
    var detail: String
    /// The reply code, when there was one.
    var replyCode: Int?
    /// ISO 8601 UTC.
    var at: String

    /// Applies `outcome` to `planned`, the letter as the plan read it (before its claim):
    ///
    /// - `sent`: `sent`, with the time and the reply;
    /// - `deferred` (4xx): `deferred` until `Deliverer.backoffMinutes` from now, or `failed`
    ///   after `Deliverer.maximumAttempts` tries;
    /// - `failed` (5xx): `failed`; `uncertain`: `unknown` (it may have arrived);
    /// - `notSent`: the letter as it was (its attempt not counted), recorded as `not-sent`.
    /// - Parameters:
    ///   - outcome: what became of the hand-over.
    ///   - planned: the letter as the plan read it.
    ///   - date: when the outcome came.
    init(applying outcome: DeliveryOutcome, to planned: Letter, at date: Date) {
        let timestamp = Timestamp.string(date)
        var letter = planned
        letter.attempts += 1
        var reply = ""
        var code: Int?
        var refused: [RefusedRecipient] = []
        letter.nextAttemptAt = nil
        switch outcome {
        case .sent(let text, let refusedList):
            (letter.status, reply, refused) = (.sent, text, refusedList)
            code = Int(text.prefix(3))
            letter.sentAt = timestamp
        case .deferred(let replyCode, let text, let refusedList):
            (reply, code, refused) = (text, replyCode, refusedList)
            if letter.attempts >= Deliverer.maximumAttempts {
                letter.status = .failed
                reply = "\(text) (gave up after \(letter.attempts) tries)"
            } else {
                letter.status = .deferred
                let wait = Double(Deliverer.backoffMinutes(afterAttempt: letter.attempts) * 60)
                letter.nextAttemptAt = Timestamp.string(date.addingTimeInterval(wait))
            }
        case .failed(let replyCode, let text, let refusedList):
            (letter.status, reply, code, refused) = (.failed, text, replyCode, refusedList)
        case .uncertain(let reason):
            (letter.status, reply) = (.unknown, reason)
        case .notSent(let error):
            // Nothing was handed over: the letter goes back as it was.
            letter = planned
            reply = error.message
        }
        kind = EventKind(letter.status)
        if case .notSent = outcome { kind = .notSent }
        letter.lastReply = reply
        letter.updatedAt = timestamp
        let refusedText = refused.map { "\($0.address): \($0.reply)" }.joined(separator: "; ")
        detail = refusedText.isEmpty ? reply : "\(reply); refused: \(refusedText)"
        replyCode = code
        at = timestamp
        self.letter = letter
    }
}
