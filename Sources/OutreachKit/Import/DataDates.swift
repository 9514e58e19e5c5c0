import Foundation

/// How old each recipient list's data is: `data-dates.tsv` beside the lists, written by the
/// importers, one line per file: `FILE<TAB>YYYY-MM-DD<TAB>the command that refreshes it`.
public struct DataDates: Sendable {
    public static let fileName = "data-dates.tsv"
    /// Lists older than this many days are reported as stale.
    public static let staleAfterDays = 183

    public struct Entry: Sendable {
        public var file: String
        public var date: String
        public var refresh: String
    }

    public private(set) var entries: [String: Entry]

    /// Reads the table in `folder`; empty when there is none.
    public init(folder: String) {
        entries = [:]
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            entries[parts[0]] = Entry(file: parts[0], date: parts[1], refresh: parts[2])
        }
    }

    /// Records that `file` now holds data as of `date`, refreshed with `refresh`; writes the table.
    /// - Throws: `FileError.cannotWrite`.
    public static func record(folder: URL, file: String, date: String, refresh: String) throws {
        var table = DataDates(folder: folder.path)
        table.entries[file] = Entry(file: file, date: date, refresh: refresh)
        var text = "# recipient list\tdata as of\trefresh with\n"
        for name in table.entries.keys.sorted() {
            guard let entry = table.entries[name] else { continue }
            text += "\(entry.file)\t\(entry.date)\t\(entry.refresh)\n"
        }
        do { try Data(text.utf8).write(to: folder.appendingPathComponent(fileName), options: .atomic) } catch {
            throw FileError.cannotWrite(
                path: folder.appendingPathComponent(fileName).path, reason: "the folder is not writable")
        }
    }

    /// One line per list among `files` whose data is older than `staleAfterDays` on `today`.
    public func staleNotes(files: [String], today: Date) -> [String] {
        let cutoff = MessageDate.day(today.addingTimeInterval(-Double(Self.staleAfterDays) * 86_400))
        return files.compactMap { path in
            guard let entry = entries[(path as NSString).lastPathComponent], entry.date < cutoff else { return nil }
            return
                "\(path) holds data as of \(entry.date), more than 6 months ago; officials may have changed. Refresh: \(entry.refresh)"
        }
    }
}
