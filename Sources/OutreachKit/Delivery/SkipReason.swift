/// Why a letter asked for by id is not sent by this run.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
    /// No letter has that id (`send` stops with exit 66).
    case noSuchLetter
    /// It goes by web form or post, not email.
    case notEmail(Channel)
    /// It was sent, at this time (ISO 8601 UTC) when known.
    case sent(at: String?)
    /// Its last attempt failed with this reply; `--retry-failed` sends it again.
    case failed(reply: String)
    /// A run may have delivered it; `--retry-unknown` sends it again.
    case mayHaveArrived
    /// It is deferred until this time (ISO 8601 UTC), when known.
    case deferred(until: String?)
    case discarded
    /// Another run holds it `sending`.
    case beingSent
    case deliveredByHand
    /// It was sent, and the office replied (`outreach replies`).
    case replied
    /// A delivery report said it could not be delivered (`outreach replies`), with what the
    /// report said; the address needs fixing and the letter drafting anew.
    case bounced(report: String)
    /// Drafted, and still not chosen (for example held by `--limit` or the daily cap).
    case notDue

    /// Why `letter` is not among the letters a run sends.
    init(_ letter: Letter) {
        if letter.channel != .email {
            self = .notEmail(letter.channel)
            return
        }
        switch letter.status {
        case .sent: self = .sent(at: letter.sentAt)
        case .failed: self = .failed(reply: letter.lastReply)
        case .unknown: self = .mayHaveArrived
        case .deferred: self = .deferred(until: letter.nextAttemptAt)
        case .discarded: self = .discarded
        case .sending: self = .beingSent
        case .deliveredByHand: self = .deliveredByHand
        case .drafted: self = .notDue
        case .replied: self = .replied
        case .bounced: self = .bounced(report: letter.lastReply)
        }
    }

    /// The reason as a clause: "it was discarded".
    public var description: String {
        switch self {
        case .noSuchLetter: return "there is no such letter"
        case .notEmail(let channel): return "it goes by \(channel.rawValue), not email"
        case .sent(let at): return "it was sent\(at.map { " at \($0)" } ?? "")"
        case .failed(let reply): return "it failed (\(reply)); add --retry-failed to send it again"
        case .mayHaveArrived: return "it may have arrived already; add --retry-unknown to send it again"
        case .deferred(let until): return "it is deferred until \(until ?? "later")"
        case .discarded: return "it was discarded"
        case .beingSent: return "another run is sending it"
        case .deliveredByHand: return "it was delivered by hand"
        case .notDue: return "it is not due"
        case .replied: return "it was sent, and the office replied"
        case .bounced(let report): return "it bounced (\(report)); fix the address and draft it anew with --again"
        }
    }
}
