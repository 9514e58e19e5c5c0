import GRDB

/// One envelope recipient of a letter (one RCPT TO), its role and what became of it: a row of
/// `envelopeRecipient`.
///
/// `draft` writes the rows with the letter, each `pending`: a letter's envelope names each
/// mailbox once (`MailboxIdentity`), the To address (the office) first, then the template's Cc
/// addresses, then the copy to the sender (`draft --copy-me`), which is in the envelope only,
/// never in a header field. `send` hands a letter over to the rows not yet accepted and records
/// what the server said to each.
public struct EnvelopeRecipient: Sendable, Equatable, Codable {
    public var letterId: Int64
    /// RCPT order, from 0.
    public var position: Int
    public var address: String
    public var role: EnvelopeRole
    public var state: RecipientState
    /// The server's reply that decided the state, code and text ("" before any).
    public var reply: String
    /// When the state was recorded, ISO 8601 UTC.
    public var updatedAt: String?

    public init(
        letterId: Int64, position: Int, address: String, role: EnvelopeRole, state: RecipientState = .pending,
        reply: String = "", updatedAt: String? = nil
    ) {
        self.letterId = letterId
        self.position = position
        self.address = address
        self.role = role
        self.state = state
        self.reply = reply
        self.updatedAt = updatedAt
    }

    /// The roles of a letter's envelope addresses as drafted before roles were recorded (and
    /// before `--copy-me` existed): the first is the To, the others Cc.
    static func roles(count: Int) -> [EnvelopeRole] {
        (0..<count).map { $0 == 0 ? .to : .cc }
    }

    /// The columns read for an `EnvelopeRecipient`, in `init(row:)`'s order.
    static let columns = "letterId, position, address, role, state, reply, updatedAt"

    /// The role and state stored as `roleName` and `stateName` for a recipient of letter `letterId`.
    /// - Throws: `QueueError.database` for a role or state this version does not know.
    static func roleAndState(_ roleName: String, _ stateName: String, letterId: Int64) throws -> (
        EnvelopeRole, RecipientState
    ) {
        guard let role = EnvelopeRole(rawValue: roleName), let state = RecipientState(rawValue: stateName) else {
            throw QueueError.database(
                reason:
                    "an envelope recipient of letter \(letterId) has role '\(roleName)' and state '\(stateName)', which this version of outreach does not know"
            )
        }
        return (role, state)
    }

    /// Reads a row of `columns`.
    /// - Throws: `QueueError.database` for a role or state this version does not know.
    init(row: Row) throws {
        letterId = row[0]
        position = row[1]
        address = row[2]
        (role, state) = try Self.roleAndState(row[3], row[4], letterId: letterId)
        reply = row[5]
        updatedAt = row[6]
    }

    enum CodingKeys: String, CodingKey {
        case letterId = "letter_id"
        case position, address, role, state, reply
        case updatedAt = "updated_at"
    }

    /// Every key, `updated_at` as null for a `pending` address (scripts find each key in every object).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(letterId, forKey: .letterId)
        try container.encode(position, forKey: .position)
        try container.encode(address, forKey: .address)
        try container.encode(role, forKey: .role)
        try container.encode(state, forKey: .state)
        try container.encode(reply, forKey: .reply)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    /// True when a hand-over of a letter whose status is `status` goes to this address: never
    /// once accepted; a refused address only when the letter failed and is retried on purpose
    /// (`--retry-failed`).
    func isTarget(forLetter status: LetterStatus) -> Bool {
        switch state {
        case .accepted: return false
        case .refused: return status == .failed
        case .pending, .deferred, .unknown: return true
        }
    }
}
