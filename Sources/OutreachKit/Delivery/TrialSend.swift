import Foundation

/// `outreach send --test ID`: letter ID, exactly as it will go (its Date stamped now; its own
/// Message-ID, new for each test (`MessageID.makeTest`), so that a report about the copy is
/// never taken for one about the letter), sent to the sender's own address only, so that a person sees the real letter in their inbox before it
/// goes to an office. The letter itself stays as it was (still `drafted`); the test is an event
/// in its history (`test-sent`), and counts against the daily cap like any message: when the
/// cap has no room left, nothing is sent.
public enum TrialSend {
    /// What became of the test.
    public enum Outcome: Sendable {
        /// The server took it.
        case sent(Result)
        /// The daily cap had no room: nothing was sent, no connection opened. `sentInLastDay`
        /// messages went in the last 24 hours, against `dailyCap`.
        case heldByCap(sentInLastDay: Int, dailyCap: Int)
    }

    /// What the server said to the test.
    public struct Result: Sendable {
        public var letter: Letter
        /// The address the test went to.
        public var address: String
        /// The server's reply after the content (often its queue id).
        public var reply: String

        /// What happens to the letter itself, by its status, with the command that sends it
        /// to the office when one does: only a drafted, deferred or failed letter gets "the
        /// office gets it with: outreach send ID" (a failed one with `--retry-failed`); a sent
        /// one is never sent again.
        public var nextStep: String {
            let id = letter.id
            switch letter.status {
            case .drafted: return "The letter is still drafted; the office gets it with: outreach send \(id)"
            case .deferred:
                // ISO 8601 UTC times of one format order as text.
                let waits = letter.nextAttemptAt.map { $0 > Timestamp.string(Date()) } ?? false
                return waits
                    ? "The letter is deferred until \(letter.nextAttemptAt ?? "later"); the office gets it then with: outreach send \(id)"
                    : "The letter is still deferred; the office gets it with: outreach send \(id)"
            case .failed:
                return "The letter failed before; the office gets it with: outreach send --retry-failed \(id)"
            case .unknown:
                return
                    "The letter may have reached the office already (unknown): outreach send --retry-unknown \(id) sends it again, and it may arrive twice"
            case .sending: return "The letter is being sent by the 'outreach send' going now."
            case .sent: return "The letter was already sent to the office; 'outreach send' never sends it again."
            case .replied: return "The letter was already sent to the office, which replied; it is not sent again."
            case .deliveredByHand: return "The letter was delivered by hand; it is not emailed to the office."
            case .discarded: return "The letter is discarded; it is not sent to the office."
            case .bounced:
                return
                    "The letter bounced; fix the office's address, then draft it anew: outreach draft --again (see: outreach show \(id))"
            }
        }
    }

    /// Sends letter `id` to `address` alone.
    /// - Parameters:
    ///   - id: the letter.
    ///   - address: the sender's own address (the profile's email).
    ///   - queue: the queue holding the letter.
    ///   - makeClient: makes the connection to the server; called only when the test is to go (so
    ///     that no password is asked for a test the cap holds).
    ///   - dailyCap: messages in any 24 hours (`smtp.daily_cap` or `--daily-cap`); 0 means no cap.
    ///   - date: now, for the Date field, the event and the 24 hours of the cap.
    /// - Returns: the letter and the server's reply, or `.heldByCap` when the cap is reached
    ///   (counted as `send` counts it, test copies included).
    /// - Throws: `QueueError.noSuchLetter`; `DeliveryError.notEmailed` for a letter that goes by
    ///   web form or post; what `makeClient` throws; the `DeliveryError` of a refused or failed
    ///   hand-over (nothing is recorded then); `QueueError.database`.
    public static func run(
        id: Int64, to address: String, queue: LetterQueue, makeClient: () throws -> SMTPClient, dailyCap: Int,
        at date: Date = Date()
    )
        throws -> Outcome
    {
        let letter = try queue.letter(id: id)
        guard letter.channel == .email else { throw DeliveryError.notEmailed(id: id, channel: letter.channel) }
        if dailyCap > 0 {
            let sent = try queue.read { db in try Deliverer.sentInLastDay(db, at: date) }
            if sent >= dailyCap { return .heldByCap(sentInLastDay: sent, dailyCap: dailyCap) }
        }
        let client = try makeClient()
        let message = MessageBuilder.copy(
            MessageBuilder.restamp(try queue.message(id: id), date: date), messageID: letter.messageId,
            as: MessageID.makeTest(for: letter.messageId, date: date))
        let outcome = client.deliver(from: letter.envelopeFrom, to: [address], work: WaitingWork { message })
        switch outcome {
        case .sent(let reply, _):
            try queue.write { writer in
                try writer.addEvent(
                    letterId: id, kind: .testSent, detail: "to \(address): \(reply)", at: Timestamp.string(date),
                    replyCode: Int(reply.prefix(3)))
            }
            return .sent(Result(letter: letter, address: address, reply: reply))
        case .notSent(let error):
            throw error
        case .deferred(let code, let reply, _), .failed(let code, let reply, _):
            throw DeliveryError.testRefused(address: address, code: code, reply: reply)
        case .uncertain(let reason):
            throw DeliveryError.connectionLost(host: client.settings.host, port: client.settings.port, reason: reason)
        }
    }
}
