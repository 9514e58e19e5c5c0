import GRDB

/// How a letter can reach its recipient. Raw values are stored in `letter.channel`.
public enum Channel: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible {
    /// The recipient has a valid email address: `outreach send` delivers it.
    case email
    /// The office takes letters through a web form: paste the text into it.
    case webForm = "web-form"
    /// Print it and post it to the office's address.
    case postal
}
