/// Counts for `outreach log --summary`.
public struct LogSummary: Sendable, Codable {
    public var total: Int
    public var byStatus: [String: Int]
    public var byRole: [String: Int]
    public var byTemplate: [String: Int]
    /// First and last time a letter was sent (ISO 8601 UTC).
    public var firstSent: String?
    public var lastSent: String?
}
