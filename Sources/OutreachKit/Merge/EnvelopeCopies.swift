/// The copies a template's emailed letters carry besides the office's To address, each mailbox
/// named once (`MailboxIdentity`):
/// - the template's `cc:` addresses, which may be `{{sender.email}}` (a copy to oneself that the
///   office sees), in the header Cc and the envelope;
/// - with `--copy-me` (or the profile's `copy_me = true`), the sender's address in the envelope
///   only, never in a header field, so offices do not see it.
///
/// A Cc address that is also a letter's To address is left out of that letter (`ccIndex`).
struct EnvelopeCopies: Sendable {
    /// The template's Cc, `{{sender.email}}` filled in, each mailbox once, in the template's order.
    let cc: [Mailbox]
    /// The sender's address for the envelope only; nil without `copyMe`, or when the sender is in
    /// `cc` already.
    let copyToSelf: AddrSpec?

    /// The tag a template's `cc:` may use for the sender's own address.
    static let senderTag = "{{sender.email}}"

    /// - Parameters:
    ///   - template: the letter (its `cc:` addresses were checked when it was loaded).
    ///   - sender: the profile's address.
    ///   - copyMe: add the sender's address to every emailed letter's envelope.
    init(template: LetterTemplate, sender: AddrSpec, copyMe: Bool) {
        var cc: [Mailbox] = []
        for entry in template.cc {
            let address = Self.isSenderTag(entry) ? sender : try? AddrSpec(entry)
            guard let address, !cc.contains(where: { Self.same($0.address, address) }) else { continue }
            cc.append(Mailbox(displayName: "", address: address))
        }
        self.cc = cc
        copyToSelf = copyMe && !cc.contains { Self.same($0.address, sender) } ? sender : nil
    }

    /// True when a `cc:` entry is the sender's tag (`{{sender.email}}`, spaces inside allowed).
    static func isSenderTag(_ entry: String) -> Bool {
        entry.filter { !$0.isWhitespace } == senderTag
    }

    /// The position in `cc` of the mailbox `to` names, when the template copies the letter to its
    /// own To address.
    func ccIndex(of to: AddrSpec) -> Int? {
        cc.firstIndex { Self.same($0.address, to) }
    }

    /// The envelope of a letter to `to`: To, the Cc addresses but the one at `dropping`, then the
    /// copy to the sender unless the sender is the To.
    /// - Returns: the addresses and their roles, in that order.
    func envelope(to: AddrSpec, dropping: Int?) -> (addresses: [String], roles: [EnvelopeRole]) {
        var addresses = [to.description]
        var roles: [EnvelopeRole] = [.to]
        for (index, mailbox) in cc.enumerated() where index != dropping {
            addresses.append(mailbox.address.description)
            roles.append(.cc)
        }
        if let copyToSelf, !Self.same(copyToSelf, to) {
            addresses.append(copyToSelf.description)
            roles.append(.copyToSelf)
        }
        return (addresses, roles)
    }

    private static func same(_ first: AddrSpec, _ second: AddrSpec) -> Bool {
        MailboxIdentity.sameMailbox(first.description, second.description)
    }
}
