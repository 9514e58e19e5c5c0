import Foundation

/// What the last download of one source left for the next: where it came from, the HTTP
/// validators for a conditional request, and when it was last checked. Kept in `sources.tsv`
/// in the set of downloaded lists, so they always describe the lists beside them.
public struct SourceRecord: Sendable, Equatable, Codable {
    public static let fileName = "sources.tsv"
    static let header = "# source\turl\tetag\tlast-modified\tchecked"

    public var source: DataSource
    /// The URL, or the local file, the lists were made from.
    public var url: String
    /// The response's `ETag`, if it had one.
    public var etag: String
    /// The response's `Last-Modified`, as the server wrote it.
    public var lastModified: String
    /// The day the source was last downloaded or found unchanged (`YYYY-MM-DD`).
    public var checked: String

    /// Reads `sources.tsv` in `folder`, by source; empty when there is none.
    static func read(folder: URL) -> [DataSource: SourceRecord] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8) else {
            return [:]
        }
        var records: [DataSource: SourceRecord] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, let source = DataSource(rawValue: parts[0]) else { continue }
            records[source] = SourceRecord(
                source: source, url: parts[1], etag: parts[2], lastModified: parts[3], checked: parts[4])
        }
        return records
    }

    /// Writes `records` as `sources.tsv` in `folder`, replacing the file by rename.
    /// - Throws: `FileError.cannotWrite`.
    static func write(_ records: [DataSource: SourceRecord], folder: URL) throws {
        var text = header + "\n"
        for source in DataSource.allCases {
            guard let record = records[source] else { continue }
            // A tab or line break in a header value would break the table: such a value is not kept.
            let clean = { (value: String) in value.contains(where: { $0 == "\t" || $0.isNewline }) ? "" : value }
            text +=
                [source.rawValue, clean(record.url), clean(record.etag), clean(record.lastModified), record.checked]
                .joined(separator: "\t") + "\n"
        }
        let file = folder.appendingPathComponent(fileName)
        do { try Data(text.utf8).write(to: file, options: .atomic) } catch {
            throw FileError.cannotWrite(path: file.path, reason: error.localizedDescription)
        }
    }
}
