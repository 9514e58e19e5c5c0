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
    public var envelopeTo: [String]
    public var contactForm: String
    public var postalAddress: String
    public var messageId: String
    /// The complete RFC 5322 message.
    public var message: [UInt8]
}
