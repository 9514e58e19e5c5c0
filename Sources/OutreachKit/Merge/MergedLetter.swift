/// A letter merged and built, ready to be written to the queue.
public struct MergedLetter: Sendable {
    public var recipientId: String
    public var recipientName: String
    public var role: String
    public var office: String
    public var recipientSource: String
    public var channel: Channel
    public var subject: String
    public var envelopeFrom: String
    /// The envelope recipients (RCPT TO), each mailbox once: the To address, then Cc, then the
    /// copy to the sender.
    public var envelopeTo: [String]
    /// The role of each of `envelopeTo`; when empty, the first is the To and the rest Cc.
    public var envelopeRoles: [EnvelopeRole] = []
    /// A template Cc address left out because it is this letter's To address.
    public var droppedCc: String?
    public var contactForm: String
    public var postalAddress: String
    public var messageId: String
    /// The complete RFC 5322 message.
    public var message: [UInt8]

    /// The office's key (`MailboxIdentity`), when made already (`officeKey()` otherwise).
    public var mailboxKey = ""

    /// The office's key (`MailboxIdentity`), by the channel the letter goes through.
    /// - Returns: the key.
    public func officeKey() -> String {
        MailboxIdentity.key(
            channel: channel, to: envelopeTo.first ?? "", contactForm: contactForm, name: recipientName,
            postalAddress: postalAddress)
    }

    /// The role of each envelope recipient, as many as `envelopeTo`.
    var roles: [EnvelopeRole] {
        // Most letters go to their office alone.
        if envelopeTo.count == 1 { return [.to] }
        if envelopeRoles.count == envelopeTo.count { return envelopeRoles }
        return EnvelopeRecipient.roles(count: envelopeTo.count)
    }
}
