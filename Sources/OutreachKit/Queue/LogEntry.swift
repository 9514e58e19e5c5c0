/// One row of the log, with stable keys for JSON and CSV (see the README): snake_case, as
/// `recipients list --json` writes the recipient columns, so `recipient_id` joins the two.
public struct LogEntry: Sendable, Codable, Equatable {
    /// Last activity, ISO 8601 UTC.
    public var at: String
    public var id: Int64
    /// The recipient's `id` in the recipient files.
    public var recipientId: String
    public var recipient: String
    public var office: String
    public var role: String
    public var template: String
    public var channel: String
    public var status: String
    public var attempts: Int
    /// The server's last reply, code and text ("" when none).
    public var reply: String
    public var messageId: String
    /// The To and Cc addresses (space-separated); empty for web form and post.
    public var to: String
    public var subject: String
    public var sentAt: String?
    /// Each envelope recipient with its role, state and reply: in JSON only, when read
    /// (`LetterQueue.log(_:withRecipients:_:)`).
    public var recipients: [EnvelopeRecipient]?

    /// The CSV header, in this order; the JSON keys are the same.
    public static let columns = [
        "at", "id", "recipient_id", "recipient", "office", "role", "template", "channel", "status", "attempts", "reply",
        "message_id",
        "to", "subject", "sent_at",
    ]

    /// The JSON keys: the CSV columns, and `recipients` (each envelope address with its role,
    /// state and reply), which a CSV cell could not hold.
    public static let jsonKeys = columns + ["recipients"]

    enum CodingKeys: String, CodingKey {
        case at, id, recipient, office, role, template, channel, status, attempts, reply, to, subject
        case recipients
        case recipientId = "recipient_id"
        case messageId = "message_id"
        case sentAt = "sent_at"
    }

    /// Encodes every key, `sent_at` as null when the letter was never sent.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(id, forKey: .id)
        try container.encode(recipientId, forKey: .recipientId)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(office, forKey: .office)
        try container.encode(role, forKey: .role)
        try container.encode(template, forKey: .template)
        try container.encode(channel, forKey: .channel)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(reply, forKey: .reply)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(sentAt, forKey: .sentAt)
        try container.encodeIfPresent(recipients, forKey: .recipients)
    }

    /// The values in `columns` order.
    public var fields: [String] {
        [
            at, String(id), recipientId, recipient, office, role, template, channel, status, String(attempts), reply,
            messageId, to,
            subject, sentAt ?? "",
        ]
    }
}
