/// One envelope recipient (RCPT TO) of an emailed letter, and why it is there.
///
/// A letter's envelope names each mailbox once (`MailboxIdentity`): the To address (the office)
/// first, then the template's Cc addresses, then the copy to the sender (`draft --copy-me`),
/// which is in the envelope only, never in a header field. The queue keeps the addresses in
/// `letter.envelopeTo` and their kinds, in the same order, in `letter.envelopeKinds`.
public struct EnvelopeRecipient: Sendable, Equatable, Codable {
    /// Why an address is in the envelope.
    public enum Kind: String, Sendable, Codable {
        /// The office: the header To.
        case to
        /// A copy named in the header Cc (the template's `cc:`).
        case cc
        /// The sender's own copy (`--copy-me`, profile `copy_me`): envelope only.
        case copyToSelf = "self"
    }

    /// The addr-spec given to RCPT TO.
    public var address: String
    public var kind: Kind

    public init(address: String, kind: Kind) {
        self.address = address
        self.kind = kind
    }

    /// The recipients stored as `envelopeTo` (space-separated addresses) and `envelopeKinds`
    /// (space-separated kinds, in the same order). Letters drafted before kinds were kept have
    /// none: their first address is the To, the others Cc, as they were built.
    /// - Parameters:
    ///   - addresses: `letter.envelopeTo`.
    ///   - kinds: `letter.envelopeKinds`.
    /// - Returns: one recipient per address, in order.
    static func list(addresses: String, kinds: String) -> [EnvelopeRecipient] {
        let kindList = kinds.split(separator: " ").map { Kind(rawValue: String($0)) }
        return addresses.split(separator: " ").enumerated().map { index, address in
            let kind = index < kindList.count ? kindList[index] : nil
            return EnvelopeRecipient(address: String(address), kind: kind ?? (index == 0 ? .to : .cc))
        }
    }
}
