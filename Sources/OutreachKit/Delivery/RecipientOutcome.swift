/// What a hand-over made of one envelope recipient (a row of `envelopeRecipient`, by its place
/// in the envelope): stored with the letter's outcome, in the same batch, so that the queue never
/// holds a letter's outcome without its recipients' (a deferred To's retry goes only to the
/// addresses not yet accepted).
struct RecipientOutcome: Equatable, Sendable {
    /// RCPT order, from 0 (`EnvelopeRecipient.position`).
    var position: Int
    var state: RecipientState
    /// The server's reply that decided the state, code and text.
    var reply: String
}
