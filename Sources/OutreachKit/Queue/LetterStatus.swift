/// Where a letter is in its life. Raw values are stored in `letter.status`.
public enum LetterStatus: String, CaseIterable, Sendable, Codable {
    case drafted, sending, sent, deferred, failed, unknown, discarded
    case deliveredByHand = "delivered-by-hand"
}
