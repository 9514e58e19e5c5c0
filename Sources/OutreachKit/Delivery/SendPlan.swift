/// The letters a run will send, in order, and what it leaves.
public struct SendPlan: Sendable {
    /// Letters to send now, oldest first.
    public var letters: [Letter]
    /// Letters that would be due but are over the daily cap.
    public var heldByCap: Int
    /// Messages sent in the last 24 hours.
    public var sentInLastDay: Int
    /// Drafted letters for other channels: web form and post.
    public var waitingForWebForm: Int
    public var waitingForPost: Int
    /// Requested ids that cannot be sent now, with why.
    public var skipped: [(id: Int64, reason: SkipReason)]
    /// Deferred letters whose next attempt is later, and the earliest such time (ISO 8601 UTC).
    public var deferredNotDue = 0
    public var nextAttemptAt: String?
    /// Each planned letter's envelope recipients, with their states, by letter id.
    public var envelopes: [Int64: [EnvelopeRecipient]] = [:]

    /// The recipients `letter`'s hand-over goes to, in RCPT order: those not yet accepted (see
    /// `EnvelopeRecipient.isTarget`). A letter without envelope rows goes to its `envelopeTo`,
    /// the first address as the To.
    public func targets(of letter: Letter) -> [EnvelopeRecipient] {
        guard let envelope = envelopes[letter.id], !envelope.isEmpty else {
            let addresses = letter.envelopeTo.split(separator: " ").map(String.init)
            let roles = EnvelopeRecipient.roles(count: addresses.count)
            return addresses.enumerated().map { position, address in
                EnvelopeRecipient(letterId: letter.id, position: position, address: address, role: roles[position])
            }
        }
        return envelope.filter { $0.isTarget(forLetter: letter.status) }
    }
}
