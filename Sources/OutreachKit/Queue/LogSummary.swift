/// Counts for `outreach log --summary`; JSON keys in snake_case like the log's.
public struct LogSummary: Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case total
        case byStatus = "by_status"
        case byRole = "by_role"
        case byTemplate = "by_template"
        case firstSent = "first_sent"
        case lastSent = "last_sent"
    }

    public var total: Int
    public var byStatus: [String: Int]
    public var byRole: [String: Int]
    public var byTemplate: [String: Int]
    /// First and last time a letter was sent (ISO 8601 UTC).
    public var firstSent: String?
    public var lastSent: String?
}
