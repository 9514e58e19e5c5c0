import Foundation

/// `outreach send --test ID`: letter ID, exactly as it will go (its Date stamped now), sent to the
/// sender's own address only, so that a person sees the real letter in their inbox before it
/// goes to an office. The letter itself stays as it was (still `drafted`); the test is an event
/// in its history (`test-sent`), and counts against the daily cap like any message.
public enum TrialSend {
    /// What the server said to the test.
    public struct Result: Sendable {
        public var letter: Letter
        /// The address the test went to.
        public var address: String
        /// The server's reply after the content (often its queue id).
        public var reply: String
    }

    /// Sends letter `id` to `address` alone.
    /// - Parameters:
    ///   - id: the letter.
    ///   - address: the sender's own address (the profile's email).
    ///   - queue: the queue holding the letter.
    ///   - client: the connection to the server.
    ///   - date: now, for the Date field and the event.
    /// - Returns: the letter and the server's reply.
    /// - Throws: `QueueError.noSuchLetter`; `DeliveryError.notEmailed` for a letter that goes by
    ///   web form or post; the `DeliveryError` of a refused or failed hand-over (nothing is
    ///   recorded then); `QueueError.database`.
    public static func run(
        id: Int64, to address: String, queue: LetterQueue, client: SMTPClient, at date: Date = Date()
    )
        throws -> Result
    {
        let letter = try queue.letter(id: id)
        guard letter.channel == .email else { throw DeliveryError.notEmailed(id: id, channel: letter.channel) }
        let message = MessageBuilder.restamp(try queue.message(id: id), date: date)
        let outcome = client.deliver(from: letter.envelopeFrom, to: [address], work: WaitingWork { message })
        switch outcome {
        case .sent(let reply, _):
            try queue.write { writer in
                try writer.addEvent(
                    letterId: id, kind: .testSent, detail: "to \(address): \(reply)", at: Timestamp.string(date),
                    replyCode: Int(reply.prefix(3)))
            }
            return Result(letter: letter, address: address, reply: reply)
        case .notSent(let error):
            throw error
        case .deferred(let code, let reply, _), .failed(let code, let reply, _):
            throw DeliveryError.testRefused(address: address, code: code, reply: reply)
        case .uncertain(let reason):
            throw DeliveryError.connectionLost(host: client.settings.host, port: client.settings.port, reason: reason)
        }
    }
}
