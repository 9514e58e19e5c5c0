/// A change a person asks for on a letter in the queue; each is allowed from some statuses only
/// (see `QueueError.wrongStatus`).
public enum LetterAction: Sendable, Equatable {
    /// `outreach edit`: only a drafted letter.
    case edit
    /// `outreach discard`: a letter whose status is open (`LetterStatus.open`).
    case discard
    /// `outreach mark --delivered-by-hand`: a letter whose status is open.
    case markDeliveredByHand
    /// `outreach replies`: a reply from the office makes a letter `replied`, a bounce for its
    /// address `bounced` (from `LetterStatus.answerable`; a bounce from `sent` or `unknown`).
    case recordReply
    /// `outreach print`: any letter but a discarded one (named with `--include-discarded`, that too).
    case print

    /// The statuses the action is allowed from.
    public var allowedFrom: [LetterStatus] {
        switch self {
        case .edit: return [.drafted]
        case .discard, .markDeliveredByHand: return LetterStatus.open
        case .recordReply: return LetterStatus.answerable
        case .print: return LetterStatus.allCases.filter { $0 != .discarded }
        }
    }

    /// How a message says it was done: "edited", "discarded", "marked delivered by hand".
    var pastParticiple: String {
        switch self {
        case .edit: return "edited"
        case .discard: return "discarded"
        case .markDeliveredByHand: return "marked delivered by hand"
        case .recordReply: return "updated from its replies"
        case .print: return "printed"
        }
    }
}
