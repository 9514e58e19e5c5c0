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
    /// The envelope recipients whose state the hand-over changed, as they are to be stored.
    var recipients: [EnvelopeRecipient] = []

    /// Applies `outcome` to `planned`, the letter as the plan read it (before its claim):
    ///
    /// - `sent`: `sent`, with the time and the reply;
    /// - `deferred` (4xx): `deferred` until `Deliverer.backoffMinutes` from now, or `failed`
    ///   after `Deliverer.maximumAttempts` tries;
    /// - `failed` (5xx): `failed`; `uncertain`: `unknown` (it may have arrived);
    /// - `notSent`: the letter as it was (its attempt not counted), recorded as `not-sent`.
    ///
    /// Each envelope recipient handed over takes the state its RCPT reply gives (see
    /// `recipientStates`).
    /// - Parameters:
    ///   - outcome: what became of the hand-over.
    ///   - planned: the letter as the plan read it.
    ///   - envelope: the envelope recipients the hand-over went to.
    ///   - replies: the server's RCPT replies, and whether it took the message.
    ///   - date: when the outcome came.
    init(
        applying outcome: DeliveryOutcome, to planned: Letter, envelope: [EnvelopeRecipient] = [],
        replies: RecipientReplies = RecipientReplies(), at date: Date
    ) {
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
        recipients = Self.recipientStates(outcome, envelope: envelope, replies: replies, at: timestamp)
    }

    /// The new state of each recipient handed over: accepted when its RCPT had a 2xx and the
    /// server took the message; deferred for a 4xx, refused for a 5xx to its RCPT; unknown when
    /// its RCPT had a 2xx and the connection was lost after DATA. A recipient without a RCPT
    /// reply (MAIL refused), or whose 2xx was followed by a refused message, stays as it was;
    /// so does everyone when nothing was handed over.
    static func recipientStates(
        _ outcome: DeliveryOutcome, envelope: [EnvelopeRecipient], replies: RecipientReplies, at timestamp: String
    ) -> [EnvelopeRecipient] {
        if case .notSent = outcome { return [] }
        var changed: [EnvelopeRecipient] = []
        for recipient in envelope {
            guard let rcpt = replies.reply(to: recipient.address) else { continue }
            var updated = recipient
            switch rcpt.code / 100 {
            case 2:
                if let accepted = replies.accepted {
                    (updated.state, updated.reply) = (.accepted, accepted)
                } else if case .uncertain(let reason) = outcome {
                    (updated.state, updated.reply) = (.unknown, reason)
                } else {
                    continue
                }
            case 4: (updated.state, updated.reply) = (.deferred, rcpt.reply)
            default: (updated.state, updated.reply) = (.refused, rcpt.reply)
            }
            updated.updatedAt = timestamp
            changed.append(updated)
        }
        return changed
    }
}
