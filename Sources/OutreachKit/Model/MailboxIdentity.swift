import Foundation

/// One identity for an office, so that a template goes to it once, whatever list, id or spelling
/// names it (`draft` looks letters up by it; `letter.mailboxKey` stores it).
///
/// - By email address, compared as a mailbox: the domain without regard to case (RFC 5321 §2.4),
///   and the local part case-folded too. RFC 5321 lets a server tell `Mayor@` from `mayor@`, but
///   nearly every server delivers both to one mailbox, and one office written to twice is the
///   mistake this guards against.
/// - Without email, by the contact form's URL: scheme and host case-folded, without a fragment or
///   a trailing `/`.
/// - Without either, by the addressee's name with the postal address, white space runs as one
///   space and case-folded: one building (a city hall, a state house) holds many offices.
///
/// A key is `email:ADDRESS`, `form:URL` or `postal:NAME / ADDRESS`; empty when the row has none.
public enum MailboxIdentity {
    /// The key of the office a row names, by the same order `draft` picks a channel in: email,
    /// else contact form, else postal address.
    /// - Parameters:
    ///   - email: the email address, or empty.
    ///   - contactForm: the contact form's URL, or empty.
    ///   - name: the addressee's name (for a postal address).
    ///   - address: the postal address, or empty.
    /// - Returns: the key, or `""` when every channel is empty.
    public static func key(email: String, contactForm: String, name: String, address: String) -> String {
        if !email.isEmpty { return "email:" + mailbox(email) }
        if !contactForm.isEmpty { return "form:" + form(contactForm) }
        let place = folded(address)
        return place.isEmpty ? "" : "postal:" + folded(name) + " / " + place
    }

    /// The key of a recipient row.
    /// - Parameter recipient: the row.
    /// - Returns: as `key(email:contactForm:name:address:)`.
    public static func key(of recipient: Recipient) -> String {
        key(
            email: recipient.email, contactForm: recipient.contactForm, name: recipient.name, address: recipient.address
        )
    }

    /// The key of a letter in the queue, by the channel it was drafted for.
    /// - Parameters:
    ///   - channel: the letter's channel.
    ///   - envelopeTo: its envelope recipients, space-separated, the To address first.
    ///   - contactForm: its contact form's URL.
    ///   - name: the recipient's name.
    ///   - postalAddress: its postal address.
    /// - Returns: the key; `""` when the channel's value is empty.
    public static func key(
        channel: Channel, envelopeTo: String, contactForm: String, name: String, postalAddress: String
    ) -> String {
        let to = envelopeTo.firstIndex(of: " ").map { String(envelopeTo[..<$0]) } ?? envelopeTo
        return key(channel: channel, to: to, contactForm: contactForm, name: name, postalAddress: postalAddress)
    }

    /// The key of a letter by its channel, from its To address.
    /// - Parameters:
    ///   - channel: the letter's channel.
    ///   - to: its To address (empty unless emailed).
    ///   - contactForm: its contact form's URL.
    ///   - name: the recipient's name.
    ///   - postalAddress: its postal address.
    /// - Returns: the key; `""` when the channel's value is empty.
    static func key(channel: Channel, to: String, contactForm: String, name: String, postalAddress: String) -> String {
        switch channel {
        case .email:
            return to.isEmpty ? "" : "email:" + mailbox(to)
        case .webForm: return contactForm.isEmpty ? "" : "form:" + form(contactForm)
        case .postal:
            let place = folded(postalAddress)
            return place.isEmpty ? "" : "postal:" + folded(name) + " / " + place
        }
    }

    /// True when two addresses name one mailbox by the rule above.
    /// - Parameters:
    ///   - first: an addr-spec.
    ///   - second: another.
    /// - Returns: whether they are the same mailbox.
    public static func sameMailbox(_ first: String, _ second: String) -> Bool {
        mailbox(first) == mailbox(second)
    }

    /// The part of a key after its kind, as a person reads it: the address, the URL, or the name
    /// and address.
    /// - Parameter key: a key made here.
    /// - Returns: the key without `email:`, `form:` or `postal:`.
    public static func shown(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":") else { return key }
        return String(key[key.index(after: colon)...])
    }

    /// An address as a mailbox: trimmed and case-folded.
    static func mailbox(_ address: String) -> String {
        let padded = address.first?.isWhitespace == true || address.last?.isWhitespace == true
        return (padded ? address.trimmingCharacters(in: .whitespaces) : address).lowercased()
    }

    /// A URL with its scheme and host case-folded, without a fragment or a trailing `/`.
    static func form(_ url: String) -> String {
        var text = url.trimmingCharacters(in: .whitespaces)
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        while text.hasSuffix("/") { text.removeLast() }
        guard let separator = text.range(of: "://") else { return text }
        let rest = text[separator.upperBound...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        return text[..<separator.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
    }

    /// Text with each run of white space as one space, trimmed and case-folded.
    static func folded(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ").lowercased()
    }
}
