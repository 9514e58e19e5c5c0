import GRDB

/// Why an address is in a letter's envelope. Raw values are stored in `envelopeRecipient.role`.
public enum EnvelopeRole: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    /// The office the letter is for (its To field): the letter is `sent` when every To is accepted.
    case to
    /// A copy named in the Cc field.
    case cc
    /// The sender's own copy, in the envelope only (no header names it).
    case copyToSelf = "copy-to-self"
}
