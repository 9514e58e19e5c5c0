/// How a letter can reach its recipient.
public enum Channel: String, CaseIterable, Sendable, Codable {
    /// The recipient has a valid email address: `outreach send` delivers it.
    case email
    /// The office takes letters through a web form: paste the text into it.
    case webForm = "web-form"
    /// Print it and post it to the office's address.
    case postal
}
