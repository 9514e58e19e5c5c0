import Foundation

/// Which recipient files a command reads, with the ZIP-to-district table and the data dates
/// that go with them.
///
/// Given a path (`--recipients PATH`), only that file, or every `*.csv` below that folder, is
/// read. Otherwise three places are layered:
/// 1. the shipped lists (`ShippedData`);
/// 2. the lists `outreach recipients update` downloaded (`DownloadedLists`): one of these takes
///    the place of the shipped list of the same name when its data is as new or newer;
/// 3. the person's own lists (`Paths.userRecipientsFolder`), read beside the others.
public struct RecipientLists: Sendable {
    /// Where a list comes from.
    public enum Origin: String, Sendable, Codable {
        /// Named with `--recipients`.
        case given
        /// Shipped with `outreach`.
        case shipped
        /// Downloaded by `outreach recipients update`.
        case downloaded
        /// The person's own folder.
        case yours
    }

    /// One recipient file.
    public struct List: Sendable {
        /// The file as shown in messages (relative to the current folder when inside it).
        public let path: String
        public let origin: Origin
        /// Its line in `data-dates.tsv`, when the list has one.
        public let dates: DataDates.Entry?
    }

    /// The CSV files, in reading order.
    public let lists: [List]
    /// The ZIP-to-district table to use (it may not exist).
    public let zipDistrictsFile: String

    /// The CSV files' paths, in reading order.
    public var files: [String] { lists.map(\.path) }

    /// The file at `path`, or every `*.csv` below the folder at `path` (sorted), with the
    /// `zip-districts.tsv` and `data-dates.tsv` of that folder.
    /// - Throws: `InputError.missingFolder` when nothing is at `path`; `.notAFile` for a device,
    ///   a pipe or a socket; `.cannotRead` when a folder holds no CSV file.
    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputError.missingFolder(what: "Recipients", path: path, flag: "--recipients")
        }
        if !isFolder.boolValue { try InputFile.checkKind(path: path) }
        let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let dates = DataDates(folder: folder.isEmpty ? "." : folder)
        let files = isFolder.boolValue ? Self.csvFiles(in: path) : [path]
        guard !files.isEmpty else {
            throw InputError.cannotRead(path: path, reason: "the folder holds no .csv file")
        }
        lists = files.map { List(path: $0, origin: .given, dates: dates.entries[($0 as NSString).lastPathComponent]) }
        zipDistrictsFile = (folder as NSString).appendingPathComponent(ZipDistricts.fileName)
    }

    /// The shipped lists, replaced by downloaded ones where those are as new or newer, and the
    /// person's own lists.
    /// - Parameters:
    ///   - shipped: the shipped `Recipients/` folder, when found.
    ///   - downloaded: the set of downloaded lists in use (`DownloadedLists.currentSet()`).
    ///   - yours: the person's own folder (it need not exist).
    ///   - searched: where the shipped data was looked for, for the error.
    /// - Throws: `InputError.missingFolder` when there is no list at all.
    public init(shipped: URL?, downloaded: URL?, yours: URL, searched: [String] = []) throws {
        let shippedDates = shipped.map { DataDates(folder: $0.path) }
        let downloadedDates = downloaded.map { DataDates(folder: $0.path) }
        var chosen: [String: List] = [:]
        for file in shipped.map({ Self.csvFiles(in: $0.path, recursive: false) }) ?? [] {
            let name = (file as NSString).lastPathComponent
            chosen[name] = List(
                path: DisplayPath.of(URL(fileURLWithPath: file)), origin: .shipped, dates: shippedDates?.entries[name])
        }
        var zipFile = shipped.map { $0.appendingPathComponent(ZipDistricts.fileName).path }
        if let downloaded, let downloadedDates {
            for file in Self.csvFiles(in: downloaded.path, recursive: false) {
                let name = (file as NSString).lastPathComponent
                let entry = downloadedDates.entries[name]
                if let current = chosen[name], let old = current.dates?.date, let new = entry?.date, new < old {
                    continue
                }
                chosen[name] = List(path: DisplayPath.of(URL(fileURLWithPath: file)), origin: .downloaded, dates: entry)
            }
            let zip = downloaded.appendingPathComponent(ZipDistricts.fileName)
            if FileManager.default.fileExists(atPath: zip.path) {
                let old = shippedDates?.entries[ZipDistricts.fileName]?.date ?? ""
                let new = downloadedDates.entries[ZipDistricts.fileName]?.date ?? ""
                if zipFile == nil || new >= old { zipFile = zip.path }
            }
        }
        var lists = chosen.keys.sorted().compactMap { chosen[$0] }
        lists += Self.csvFiles(in: yours.path).map {
            List(path: DisplayPath.of(URL(fileURLWithPath: $0)), origin: .yours, dates: nil)
        }
        guard !lists.isEmpty else {
            throw InputError.noShippedData(
                what: "recipient lists", searched: searched, yours: yours.path, flag: "--recipients")
        }
        self.lists = lists
        zipDistrictsFile = zipFile ?? yours.appendingPathComponent(ZipDistricts.fileName).path
    }

    /// The lists in use by default: the shipped ones, the downloaded set in use, and the
    /// person's own, from `paths`.
    /// - Throws: as `init(shipped:downloaded:yours:searched:)`.
    public static func inUse(paths: Paths, shipped: ShippedData = .current) throws -> RecipientLists {
        try RecipientLists(
            shipped: shipped.recipientsFolder, downloaded: DownloadedLists(folder: paths.downloadedFolder).currentSet(),
            yours: paths.userRecipientsFolder, searched: shipped.searched)
    }

    /// One line per refresh command whose lists hold data more than `DataDates.staleAfterDays`
    /// old on `today`, naming the oldest date and the first of those lists.
    public func staleNotes(today: Date) -> [String] {
        let cutoff = MessageDate.day(today.addingTimeInterval(-Double(DataDates.staleAfterDays) * 86_400))
        var stale: [String: [List]] = [:]
        var order: [String] = []
        for list in lists {
            guard let entry = list.dates, entry.currentAsOf < cutoff else { continue }
            if stale[entry.refresh] == nil { order.append(entry.refresh) }
            stale[entry.refresh, default: []].append(list)
        }
        return order.compactMap { refresh in
            guard let group = stale[refresh], let first = group.first else { return nil }
            let oldest = group.compactMap { $0.dates?.currentAsOf }.min() ?? ""
            let which =
                group.count == 1
                ? "\(first.path) holds"
                : "\(first.path) and \(group.count - 1) more list\(group.count == 2 ? "" : "s") hold"
            return
                "\(which) data as of \(oldest), more than 6 months ago; officials may have changed. Refresh: \(refresh)"
        }
    }

    /// Every `*.csv` in `folder` (and below it when `recursive`), sorted by path.
    static func csvFiles(in folder: String, recursive: Bool = true) -> [String] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let names: [String]
        if recursive {
            names = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        } else {
            names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        }
        return names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { "\(base)/\($0)" }
    }
}
