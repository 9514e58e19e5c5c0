import Foundation

/// What an update did, per source.
public struct UpdateSummary: Sendable, Codable {
    /// One source's outcome.
    public struct SourceResult: Sendable, Codable {
        public var source: String
        /// The URL or file it came from.
        public var url: String
        /// `updated`, or `unchanged` (the server answered 304 Not Modified).
        public var status: Status
        /// The day the data describes (`YYYY-MM-DD`).
        public var dataDate: String
        /// Bytes downloaded (0 when unchanged or read from a file).
        public var bytes: Int64
        /// The lists written, with their rows.
        public var files: [ImportSummary.FileWritten]
        /// Records left out because their term ended, and other remarks.
        public var notes: [String]
    }

    /// What became of a source's lists.
    public enum Status: String, Sendable, Codable {
        /// New lists were made from a download (or a `--from` file).
        case updated
        /// The server answered 304 Not Modified: the lists in use stay.
        case unchanged
    }

    public var sources: [SourceResult] = []
    /// The folder of the lists now in use.
    public var folder: String = ""
}
