/// What an import did: files written, rows kept, rows left out and why.
public struct ImportSummary: Sendable, Codable {
    public init() {}

    public struct FileWritten: Sendable, Codable {
        public var path: String
        public var rows: Int

        public init(path: String, rows: Int) {
            self.path = path
            self.rows = rows
        }
    }
    public var files: [FileWritten] = []
    /// Records left out because the term has ended, per kind (`mayor`, ...).
    public var endedTerms: [String: Int] = [:]
    /// Other notes: addresses that were not usable, and so on.
    public var notes: [String] = []
}
