/// The kinds of office `outreach` knows how to find and address.
public enum Role: String, CaseIterable, Sendable {
    case mayor
    case representative
    case senator
    case stateLegislator = "state-legislator"

    /// What the role is, for `outreach recipients roles`.
    public var summary: String {
        switch self {
        case .mayor: return "mayor of a city"
        case .representative: return "member of the US House of Representatives (including delegates)"
        case .senator: return "member of the US Senate"
        case .stateLegislator: return "member of a state legislature (senate, assembly or house)"
        }
    }

    /// Known role names, for error messages.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// How a letter can reach its recipient.
public enum Channel: String, CaseIterable, Sendable, Codable {
    /// The recipient has a valid email address: `outreach send` delivers it.
    case email
    /// The office takes letters through a web form: paste the text into it.
    case webForm = "web-form"
    /// Print it and post it to the office's address.
    case postal
}
