import Foundation

/// What an update did, per source.
public struct UpdateSummary: Sendable, Codable {
    /// One source's outcome.
    public struct SourceResult: Sendable, Codable {
        public var source: String
        /// The URL or file it came from.
        public var url: String
        /// `updated`, or `unchanged` (the server answered 304 Not Modified).
        public var status: String
        /// The day the data describes (`YYYY-MM-DD`).
        public var dataDate: String
        /// Bytes downloaded (0 when unchanged or read from a file).
        public var bytes: Int64
        /// The lists written, with their rows.
        public var files: [ImportSummary.FileWritten]
        /// Records left out because their term ended, and other remarks.
        public var notes: [String]
    }

    public var sources: [SourceResult] = []
    /// The folder of the lists now in use.
    public var folder: String = ""
}
