import GRDB

/// Why an address is in a letter's envelope: chosen when the letter is drafted
/// (`EnvelopeCopies`), used when it is sent (only the To decides the letter's status). Raw
/// values are stored in `envelopeRecipient.role`.
public enum EnvelopeRole: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    /// The office the letter is for (its To field): the letter is `sent` when every To is accepted.
    case to
    /// A copy named in the Cc field (the template's `cc:`, `{{sender.email}}` included).
    case cc
    /// The sender's own copy (`draft --copy-me`, profile `copy_me`), in the envelope only (no
    /// header names it).
    case copyToSelf = "copy-to-self"
}
