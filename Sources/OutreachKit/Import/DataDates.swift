import Foundation

/// How old each recipient list's data is: `data-dates.tsv` beside the lists, one line per file:
/// `FILE<TAB>YYYY-MM-DD<TAB>the command that refreshes it`, and for lists that
/// `outreach recipients update` downloaded three more columns: the source's name, the URL (or
/// file) it came from, and the day the source was last checked (`YYYY-MM-DD`).
public struct DataDates: Sendable {
    public static let fileName = "data-dates.tsv"
    /// Lists older than this many days are reported as stale.
    public static let staleAfterDays = 183
    /// The header line.
    static let header = "# recipient list\tdata as of\trefresh with\tsource\turl\tchecked"

    public struct Entry: Sendable, Equatable {
        public var file: String
        /// The day the data describes (the source's own date), `YYYY-MM-DD`.
        public var date: String
        /// The command that refreshes the list.
        public var refresh: String
        /// The source's name (`openstates`), for downloaded lists.
        public var source: String = ""
        /// Where the data came from, for downloaded lists.
        public var url: String = ""
        /// The last day the source was checked and found unchanged or downloaded (`YYYY-MM-DD`).
        public var checked: String = ""

        public init(
            file: String, date: String, refresh: String, source: String = "", url: String = "", checked: String = ""
        ) {
            self.file = file
            self.date = date
            self.refresh = refresh
            self.source = source
            self.url = url
            self.checked = checked
        }

        /// The day the list was last known to be as current as its source: the later of `date` and `checked`.
        public var currentAsOf: String { max(date, checked) }
    }

    public private(set) var entries: [String: Entry]

    /// Reads the table in `folder`; empty when there is none.
    public init(folder: String) {
        entries = [:]
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        guard let text = try? InputFile.text(atPath: path, what: "the data dates", limit: InputLimits.tableBytes)
        else { return }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3 else { continue }
            func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
            entries[parts[0]] = Entry(
                file: parts[0], date: parts[1], refresh: parts[2], source: part(3), url: part(4), checked: part(5))
        }
    }

    /// Records that `file` now holds data as of `date`, refreshed with `refresh`; writes the table.
    /// - Throws: `FileError.cannotWrite`.
    public static func record(folder: URL, file: String, date: String, refresh: String) throws {
        var table = DataDates(folder: folder.path)
        table.entries[file] = Entry(file: file, date: date, refresh: refresh)
        try table.write(to: folder)
    }

    /// Sets or replaces the entry for `entry.file`.
    public mutating func set(_ entry: Entry) {
        entries[entry.file] = entry
    }

    /// Removes the entry for `file`.
    public mutating func remove(_ file: String) {
        entries[file] = nil
    }

    /// Writes the table into `folder`, replacing the file by rename.
    /// - Throws: `FileError.cannotWrite`.
    public func write(to folder: URL) throws {
        var text = Self.header + "\n"
        for name in entries.keys.sorted() {
            guard let entry = entries[name] else { continue }
            var columns = [entry.file, entry.date, entry.refresh]
            if !entry.source.isEmpty || !entry.url.isEmpty || !entry.checked.isEmpty {
                columns += [entry.source, entry.url, entry.checked]
            }
            text += columns.joined(separator: "\t") + "\n"
        }
        do { try Data(text.utf8).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic) } catch {
            throw FileError.cannotWrite(
                path: folder.appendingPathComponent(Self.fileName).path, reason: "the folder is not writable")
        }
    }
}
