import Foundation

/// Refreshes the recipient lists from their public sources (`outreach recipients update`).
///
/// Steps, under a lock so two updates never overlap:
/// 1. fetch each source: a conditional GET over HTTPS (`CurlDownload`), or a local file;
/// 2. recognize it (`DataSource.recognize`), unpack it (`OpenStatesArchive`) and run the
///    importer on all of it, leaving out terms that have ended;
/// 3. write a complete new set of lists (the new ones, and the unchanged ones carried over)
///    with its `data-dates.tsv` and `sources.tsv`, read every list back, and only then
///    make it the set in use (`DownloadedLists.makeCurrent`).
///
/// Any failure before step 3's last move leaves the lists in use untouched.
public struct RecipientsUpdater: Sendable {
    /// Where the downloaded lists live.
    public let lists: DownloadedLists
    /// The shipped lists, for contact forms and to say when they are newer.
    public let shippedRecipients: URL?

    public init(downloaded: URL, shippedRecipients: URL?) {
        lists = DownloadedLists(folder: downloaded)
        self.shippedRecipients = shippedRecipients
    }

    /// One thing to fetch.
    private struct Job {
        var source: DataSource?
        var location: String
    }

    /// What a fetch brought.
    private struct Fetched {
        var source: DataSource
        var location: String
        var file: URL?
        var record: SourceRecord
        var bytes: Int64
        /// The source's own date (Last-Modified, or the local file's), when known.
        var date: Date?
    }

    /// Runs the update.
    /// - Parameters:
    ///   - request: the sources, `--from` files or URLs, and limits.
    ///   - progress: called as the work goes (bytes downloaded, phases).
    /// - Returns: per source, what was done.
    /// - Throws: `UpdateError` for a download, format or content problem (nothing replaced);
    ///   `FileError.cannotWrite` when the data folder cannot be written.
    public func run(_ request: UpdateRequest, progress: @escaping @Sendable (UpdateProgress) -> Void = { _ in }) throws
        -> UpdateSummary
    {
        let lock = try lists.lock()
        return try withExtendedLifetime(lock) {
            lists.removeAll(except: existingSets())
            let staging = try lists.makeFolder(prefix: "staging")
            defer { try? FileManager.default.removeItem(at: staging) }
            return try update(request, staging: staging, progress: progress)
        }
    }

    /// The sets on disk (kept by the first cleanup: only an update that finishes prunes them).
    private func existingSets() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lists.folder.path)) ?? []
        return names.filter { $0.hasPrefix("set-") }.map { lists.folder.appendingPathComponent($0, isDirectory: true) }
    }

    private func update(_ request: UpdateRequest, staging: URL, progress: @escaping @Sendable (UpdateProgress) -> Void)
        throws -> UpdateSummary
    {
        let today = MessageDate.day(request.today)
        let current = lists.currentSet()
        var records = current.map { SourceRecord.read(folder: $0) } ?? [:]
        var dates = current.map { DataDates(folder: $0.path) } ?? DataDates(folder: staging.path)
        let (fetched, unchanged) = try fetchAll(
            request, staging: staging, current: current, records: &records, progress: progress)

        var summary = UpdateSummary()
        for source in unchanged {
            let entry = dates.entries.values.first { $0.source == source.rawValue }
            summary.sources.append(
                .init(
                    source: source.rawValue, url: records[source]?.url ?? "", status: .unchanged,
                    dataDate: entry?.date ?? "", bytes: 0, files: [], notes: []))
        }
        guard !fetched.isEmpty else {
            // Only validators and the checked day change: each file is replaced by rename.
            if let current {
                Self.markChecked(unchanged, today: today, in: &dates)
                try dates.write(to: current)
                try SourceRecord.write(records, folder: current)
                summary.folder = current.path
            }
            return summary
        }

        let made = staging.appendingPathComponent("lists", isDirectory: true)
        try PrivateFiles.makeFolder(made)
        let results = try importAll(
            fetched, into: made, staging: staging, current: current, today: today, dates: &dates, progress: progress)
        let set = try assemble(
            made: made, results: results, unchanged: unchanged, current: current, today: today, dates: &dates,
            records: records)
        summary.sources += DataSource.allCases.compactMap { results[$0] }
        summary.folder = set.path
        return summary
    }

    /// Step 1: fetches every job; a source found unchanged (304) brings no file.
    /// - Parameters:
    ///   - request: what to fetch, and the limits.
    ///   - staging: the folder the downloads go into.
    ///   - current: the set of lists in use, if any.
    ///   - records: the validators in use, updated with what each fetch found.
    ///   - progress: called as bytes arrive.
    /// - Returns: what was fetched, and the sources found unchanged.
    /// - Throws: what `fetch` throws; `UpdateError.conflictingSources` when two jobs are one source.
    private func fetchAll(
        _ request: UpdateRequest, staging: URL, current: URL?, records: inout [DataSource: SourceRecord],
        progress: @escaping @Sendable (UpdateProgress) -> Void
    ) throws -> (fetched: [Fetched], unchanged: [DataSource]) {
        var fetched: [Fetched] = []
        var unchanged: [DataSource] = []
        for (index, job) in try plan(request).enumerated() {
            let result = try fetch(
                job, request: request, into: staging.appendingPathComponent("download-\(index)"), current: current,
                records: records, progress: progress)
            if fetched.contains(where: { $0.source == result.source }) || unchanged.contains(result.source) {
                throw UpdateError.conflictingSources(reason: "two --from give \(result.source.rawValue)")
            }
            if result.file == nil { unchanged.append(result.source) } else { fetched.append(result) }
            records[result.source] = result.record
        }
        return (fetched, unchanged)
    }

    /// Step 2: imports everything fetched into `made`, a folder of new lists, and records each
    /// list's dates in `dates`.
    /// - Returns: per source, what was made.
    /// - Throws: what the importers throw, as `UpdateError.badData`; `.badData` for a source
    ///   with no current official.
    private func importAll(
        _ fetched: [Fetched], into made: URL, staging: URL, current: URL?, today: String, dates: inout DataDates,
        progress: @escaping @Sendable (UpdateProgress) -> Void
    ) throws -> [DataSource: UpdateSummary.SourceResult] {
        var openStatesData: URL?
        var results: [DataSource: UpdateSummary.SourceResult] = [:]
        for item in fetched.sorted(by: { Self.order($0.source) < Self.order($1.source) }) {
            guard let file = item.file else { continue }
            let (imported, dataDate) = try makeLists(
                from: item, file: file, into: made, staging: staging, current: current, today: today,
                openStatesData: &openStatesData,
                progress: progress)
            guard imported.files.contains(where: { $0.rows > 0 }) else {
                throw UpdateError.badData(url: item.location, location: "", reason: "it holds no current official")
            }
            let day = min(dataDate.map { MessageDate.day($0) } ?? today, today)
            var notes = imported.endedTerms.sorted { $0.key < $1.key }.map {
                "left out \($0.value) \($0.key) record\($0.value == 1 ? "" : "s") whose term has ended"
            }
            notes += imported.notes.prefix(20)
            if imported.notes.count > 20 { notes.append("… and \(imported.notes.count - 20) more notes") }
            let files = imported.files.map {
                ImportSummary.FileWritten(path: ($0.path as NSString).lastPathComponent, rows: $0.rows)
            }
            for written in files {
                dates.set(
                    DataDates.Entry(
                        file: written.path, date: day, refresh: item.source.refreshCommand,
                        source: item.source.rawValue, url: item.location,
                        checked: today))
            }
            if let shipped = shippedRecipients.map({ DataDates(folder: $0.path) }),
                let newer = files.first(where: { (shipped.entries[$0.path]?.date ?? "") > day })
            {
                notes.append(
                    "the shipped \(newer.path) holds newer data (\(shipped.entries[newer.path]?.date ?? "")): the shipped lists stay in use where they are newer"
                )
            }
            results[item.source] = .init(
                source: item.source.rawValue, url: item.location, status: .updated, dataDate: day, bytes: item.bytes,
                files: files, notes: notes)
        }
        return results
    }

    /// Step 3: a complete new set (the new lists, and the others carried over from the set in
    /// use) with its `data-dates.tsv` and `sources.tsv`, read back whole, then made the set in use.
    /// - Returns: the new set's folder.
    /// - Throws: `FileError.cannotWrite`; what `check` throws for a list that does not read back.
    private func assemble(
        made: URL, results: [DataSource: UpdateSummary.SourceResult], unchanged: [DataSource], current: URL?,
        today: String, dates: inout DataDates, records: [DataSource: SourceRecord]
    ) throws -> URL {
        let set = try lists.makeFolder(prefix: "set")
        let refreshed = Set(results.keys)
        if let current {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: current.path)) ?? []
            where name.hasSuffix(".csv") || name == ZipDistricts.fileName {
                if refreshed.contains(where: { $0.makes(name) }) {
                    dates.remove(name)
                    continue
                }
                try carry(current.appendingPathComponent(name), to: set.appendingPathComponent(name))
            }
        }
        for source in refreshed {
            for written in results[source]?.files ?? [] {
                let from = made.appendingPathComponent(written.path)
                guard rename(from.path, set.appendingPathComponent(written.path).path) == 0 else {
                    throw FileError.cannotWrite(
                        path: set.appendingPathComponent(written.path).path, reason: String(cString: strerror(errno)))
                }
            }
        }
        for entry in dates.entries.values
        where entry.source.isEmpty
            || !FileManager.default.fileExists(atPath: set.appendingPathComponent(entry.file).path)
        {
            dates.remove(entry.file)
        }
        Self.markChecked(unchanged, today: today, in: &dates)
        try dates.write(to: set)
        try SourceRecord.write(records, folder: set)
        try check(set)
        try lists.makeCurrent(set)
        lists.removeAll(except: [set, current].compactMap { $0 })
        return set
    }

    /// Records `today` as the day the lists of the `unchanged` sources were last checked.
    private static func markChecked(_ unchanged: [DataSource], today: String, in dates: inout DataDates) {
        for entry in dates.entries.values where unchanged.contains(where: { $0.rawValue == entry.source }) {
            var checked = entry
            checked.checked = today
            dates.set(checked)
        }
    }

    /// Unpacks and imports one fetched source into `made`.
    /// - Parameters:
    ///   - item: what was fetched.
    ///   - file: the fetched file.
    ///   - made: the folder of new lists.
    ///   - staging: the folder for unpacking.
    ///   - current: the set of lists in use, for the contact forms it knows.
    ///   - today: `YYYY-MM-DD`; terms that ended before it are left out.
    ///   - openStatesData: the unpacked Open States `data` folder, set by the `openstates`
    ///     source and read by `congress-legislators` for contact forms.
    ///   - progress: told of the unpacking and checking.
    /// - Returns: what the importer wrote, and the data's date when the source has one.
    /// - Throws: `UpdateError.wrongFormat` or `.badData` for an archive or file that does not
    ///   import; `FileError.cannotWrite`.
    private func makeLists(
        from item: Fetched, file: URL, into made: URL, staging: URL, current: URL?, today: String,
        openStatesData: inout URL?,
        progress: @escaping @Sendable (UpdateProgress) -> Void
    ) throws -> (ImportSummary, Date?) {
        progress(
            UpdateProgress(
                url: item.location, phase: item.source == .openstates ? .unpacking : .checking, bytes: item.bytes,
                total: nil))
        switch item.source {
        case .openstates:
            let unpacked = try OpenStatesArchive.unpack(
                file, into: staging.appendingPathComponent("openstates"), url: item.location)
            progress(UpdateProgress(url: item.location, phase: .checking, bytes: item.bytes, total: nil))
            openStatesData = unpacked.data
            let imported = try importing(item.location, base: unpacked.data.deletingLastPathComponent()) {
                try OpenStatesImporter(folder: unpacked.data, asOf: today).run(output: made)
            }
            return (imported, unpacked.newest ?? item.date)
        case .congressLegislators:
            let forms = openStatesData?.appendingPathComponent("us/legislature", isDirectory: true)
            let knownForms = knownContactForms(current: current)
            let imported = try importing(item.location, file: file, base: staging) {
                try CongressLegislatorsImporter(
                    file: file,
                    contactForms: forms.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil },
                    asOf: today, knownForms: knownForms
                ).run(output: made)
            }
            return (imported, item.date)
        case .zccd:
            let imported = try importing(item.location, file: file, base: staging) {
                try ZipDistrictsImporter(file: file).run(output: made)
            }
            return (imported, item.date)
        }
    }

    /// The jobs: each source's own address, or each `--from`.
    private func plan(_ request: UpdateRequest) throws -> [Job] {
        if request.from.isEmpty {
            let sources = request.sources.isEmpty ? DataSource.allCases : request.sources
            var seen: [DataSource] = []
            for source in sources where !seen.contains(source) { seen.append(source) }
            return seen.map { Job(source: $0, location: $0.url) }
        }
        if request.sources.count > 1 || (request.sources.count == 1 && request.from.count > 1) {
            throw UpdateError.conflictingSources(reason: "--source names the one source a single --from is for")
        }
        return request.from.map { Job(source: request.sources.first, location: $0) }
    }

    /// Fetches one job into `file`, or finds it unchanged (then `file` is nil in the result).
    private func fetch(
        _ job: Job, request: UpdateRequest, into file: URL, current: URL?, records: [DataSource: SourceRecord],
        progress: @escaping @Sendable (UpdateProgress) -> Void
    ) throws -> Fetched {
        let today = MessageDate.day(request.today)
        var location = job.location
        let isURL = location.contains("://")
        if location.hasPrefix("file://") { location = URL(string: location)?.path ?? String(location.dropFirst(7)) }
        let limit = request.maxBytes ?? job.source?.maxBytes ?? DataSource.allCases.map(\.maxBytes).max() ?? 0
        if isURL && !job.location.hasPrefix("file://") {
            var conditional: SourceRecord?
            // A --from URL used before is asked for conditionally too.
            let known = job.source ?? records.values.first { $0.url == location }?.source
            if let source = known, !request.force, let record = records[source], record.url == location, let current,
                ((try? FileManager.default.contentsOfDirectory(atPath: current.path)) ?? []).contains(where: {
                    source.makes($0)
                })
            {
                conditional = record
            }
            let outcome = try CurlDownload.get(
                CurlDownload.Request(
                    url: location, ifNoneMatch: conditional?.etag, ifModifiedSince: conditional?.lastModified,
                    maxBytes: limit,
                    timeout: request.timeout, extraCAFile: request.caFile),
                into: file
            ) { bytes, total in
                progress(UpdateProgress(url: location, phase: .downloading, bytes: bytes, total: total))
            }
            switch outcome {
            case .notModified:
                guard let source = known, var record = conditional else {
                    throw UpdateError.httpStatus(url: location, status: 304)
                }
                record.checked = today
                return Fetched(source: source, location: location, file: nil, record: record, bytes: 0)
            case .downloaded(let bytes, let etag, let lastModified):
                let source = try recognize(file, expected: job.source, url: location)
                let record = SourceRecord(
                    source: source, url: location, etag: etag ?? "", lastModified: lastModified ?? "", checked: today)
                return Fetched(
                    source: source, location: location, file: file, record: record, bytes: bytes,
                    date: lastModified.flatMap(Self.httpDate))
            }
        }
        let local = URL(fileURLWithPath: location)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: local.path),
            (attributes[.type] as? FileAttributeType) == .typeRegular
        else { throw UpdateError.missingFile(path: location) }
        if let size = attributes[.size] as? Int64 ?? (attributes[.size] as? Int).map(Int64.init), size > limit {
            throw UpdateError.tooLarge(url: location, limit: limit)
        }
        let source = try recognize(local, expected: job.source, url: location)
        let record = SourceRecord(source: source, url: local.path, etag: "", lastModified: "", checked: today)
        return Fetched(
            source: source, location: local.path, file: local, record: record, bytes: 0,
            date: attributes[.modificationDate] as? Date)
    }

    /// The source `file` is, checked against the one expected.
    private func recognize(_ file: URL, expected: DataSource?, url: String) throws -> DataSource {
        let found = DataSource.recognize(file)
        if let expected {
            guard found == expected else {
                throw UpdateError.wrongFormat(
                    url: url, expected: expected.format,
                    found: found.map { "it looks like \($0.format)" } ?? "its first bytes do not match")
            }
            return expected
        }
        guard let found else {
            throw UpdateError.wrongFormat(
                url: url,
                expected:
                    "a file of one of the sources (\(DataSource.allCases.map(\.rawValue).joined(separator: ", ")))",
                found: "its first bytes match none of them")
        }
        return found
    }

    /// Runs an importer, turning its errors into `UpdateError.badData` that name the member
    /// (below `base`) and the source.
    private func importing(_ url: String, file: URL? = nil, base: URL, _ work: () throws -> ImportSummary) throws
        -> ImportSummary
    {
        do { return try work() } catch let error as any OutreachError {
            if error is UpdateError { throw error }
            let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
            var text = error.message
            // The downloaded file is the URL the message starts with: `FILE:3:` is its line 3.
            if let file {
                text = text.replacingOccurrences(of: "\(file.path):", with: "line ").replacingOccurrences(
                    of: file.path, with: "it")
            }
            // One line: a YAML parser's message spans several.
            let reason = text.replacingOccurrences(of: prefix, with: "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            throw UpdateError.badData(url: url, location: "", reason: reason)
        }
    }

    /// Reads every list of `set` whole, as the commands will.
    private func check(_ set: URL) throws {
        do {
            try RecipientReader(path: set.path).forEachRow { _ in }
        } catch let error as any OutreachError {
            throw UpdateError.badData(url: set.path, location: "", reason: error.message)
        }
    }

    /// Contact forms of the `congress.csv` in use (downloaded, else shipped), by bioguide id.
    private func knownContactForms(current: URL?) -> [String: String] {
        let candidates = [current, shippedRecipients].compactMap { $0?.appendingPathComponent("congress.csv").path }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
            let rows = try? RecipientReader(path: file).readAll()
        else { return [:] }
        var forms: [String: String] = [:]
        for row in rows where !row.contactForm.isEmpty { forms[row.id] = row.contactForm }
        return forms
    }

    /// Hard-links (or copies) a list into the new set.
    private func carry(_ from: URL, to: URL) throws {
        if link(from.path, to.path) == 0 { return }
        do { try FileManager.default.copyItem(at: from, to: to) } catch {
            throw FileError.cannotWrite(path: to.path, reason: error.localizedDescription)
        }
    }

    /// Open States first: congress-legislators takes its contact forms from it.
    private static func order(_ source: DataSource) -> Int { DataSource.allCases.firstIndex(of: source) ?? 0 }

    /// An HTTP date (RFC 9110 §5.6.7, IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
