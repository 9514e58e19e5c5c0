import GRDB

/// What an entry of a letter's history records. Raw values are stored in `event.kind` (except
/// `drafted`, which the letter's own row records: see `LetterQueue.events(letterId:)`).
public enum EventKind: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    /// Merged and written to the queue.
    case drafted
    /// Its subject or text was changed (`outreach edit`).
    case edited
    /// Handed to the server; the event holds the Date field the message carried.
    case sending
    /// An outcome: the status the letter took.
    case sent, deferred, failed, unknown, discarded
    case deliveredByHand = "delivered-by-hand"
    /// A hand-over that failed before anything was sent: the letter went back as it was.
    case notSent = "not-sent"

    /// The event that records a change to `status`.
    public init(_ status: LetterStatus) {
        switch status {
        case .drafted: self = .drafted
        case .sending: self = .sending
        case .sent: self = .sent
        case .deferred: self = .deferred
        case .failed: self = .failed
        case .unknown: self = .unknown
        case .discarded: self = .discarded
        case .deliveredByHand: self = .deliveredByHand
        }
    }
}
