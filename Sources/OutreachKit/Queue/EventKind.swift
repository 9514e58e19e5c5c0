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
    /// `outreach send --test`: the letter went to the sender's own address only, and stays as it
    /// was; the event holds the address and the server's reply.
    case testSent = "test-sent"
    /// Read from the mailbox (`outreach replies`; see `InboundRecord.Kind`): a person at the
    /// office answered (the letter becomes `replied`), a program answered, a delivery report
    /// said the letter could not be delivered (it becomes `bounced` when the address is the
    /// office's), or that delivery is delayed (the status stays).
    case replied
    case autoReplied = "auto-replied"
    case bounced, delayed

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
        case .replied: self = .replied
        case .bounced: self = .bounced
        }
    }

    /// The event that records a message read from the mailbox.
    public init(_ kind: InboundRecord.Kind) {
        switch kind {
        case .replied: self = .replied
        case .autoReplied: self = .autoReplied
        case .bounced: self = .bounced
        case .delayed: self = .delayed
        }
    }
}
