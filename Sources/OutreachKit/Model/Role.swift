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
