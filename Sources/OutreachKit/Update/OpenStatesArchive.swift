import Foundation
import ZIPFoundation

/// Unpacks the members of an Open States people archive (`people-main/data/...`, as GitHub
/// serves the repository) that the importer reads: `data/<st>/legislature/*.yml`,
/// `data/<st>/municipalities/*.yml`, `data/<st>/municipalities.yml`. Nothing else is written,
/// and no member path can leave the target folder.
enum OpenStatesArchive {
    /// The largest member unpacked, in bytes (the largest person file is a few kilobytes).
    static let maxMemberBytes: UInt64 = 4_000_000
    /// The most unpacked in all, in bytes: a defence against an archive that expands without end.
    static let maxTotalBytes: UInt64 = 1_000_000_000

    /// Unpacks `archive` into `folder/data`.
    /// - Parameters:
    ///   - archive: the downloaded ZIP file.
    ///   - folder: where to unpack it (made if missing).
    ///   - url: where the archive came from, for messages.
    /// - Returns: the `data` folder, and the newest member's modification date (GitHub stamps
    ///   each member with the commit's time), when there is one.
    /// - Throws: `UpdateError.wrongFormat` when the file is not a readable ZIP archive or holds
    ///   no legislature; `.badData` naming the member for a damaged or oversized member.
    static func unpack(_ archive: URL, into folder: URL, url: String) throws -> (data: URL, newest: Date?) {
        let zip: Archive
        do { zip = try Archive(url: archive, accessMode: .read, pathEncoding: nil) } catch {
            throw UpdateError.wrongFormat(
                url: url, expected: DataSource.openstates.format, found: "the ZIP archive is damaged or incomplete")
        }
        let data = folder.appendingPathComponent("data", isDirectory: true)
        var newest: Date?
        var total: UInt64 = 0
        var legislatures = 0
        for entry in zip where entry.type == .file {
            guard let relative = wanted(entry.path) else { continue }
            if entry.uncompressedSize > maxMemberBytes {
                throw UpdateError.badData(
                    url: url, location: entry.path,
                    reason: "the member is \(entry.uncompressedSize) bytes, more than a person's file can be")
            }
            total += entry.uncompressedSize
            if total > maxTotalBytes {
                throw UpdateError.badData(
                    url: url, location: entry.path, reason: "the archive unpacks to more than \(maxTotalBytes) bytes")
            }
            let target = data.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Counted as it inflates: a member may expand past the size it declares.
                var content = Data()
                _ = try zip.extract(entry) { chunk in
                    content.append(chunk)
                    if content.count > maxMemberBytes { throw MemberTooLarge() }
                }
                try content.write(to: target)
            } catch is MemberTooLarge {
                throw UpdateError.badData(
                    url: url, location: entry.path, reason: "the member unpacks to more than \(maxMemberBytes) bytes")
            } catch Archive.ArchiveError.invalidCRC32 {
                throw UpdateError.badData(
                    url: url, location: entry.path,
                    reason: "the member's checksum does not match: the archive is damaged")
            } catch {
                throw UpdateError.badData(
                    url: url, location: entry.path, reason: "the member cannot be unpacked: \(error)")
            }
            if relative.contains("/legislature/") { legislatures += 1 }
            if let stamped = entry.fileAttributes[.modificationDate] as? Date {
                // A ZIP member's time is a date and time of day with no zone (MS-DOS format, APPNOTE
                // 4.4.6), local to the machine that made the archive; ZIPFoundation reads it as UTC.
                // Read as local time here, so that its day (`MessageDate.day`) is the archive's.
                let date = stamped.addingTimeInterval(-Double(TimeZone.current.secondsFromGMT(for: stamped)))
                if date > (newest ?? .distantPast) { newest = date }
            }
        }
        guard legislatures > 0 else {
            throw UpdateError.wrongFormat(
                url: url, expected: DataSource.openstates.format, found: "it holds no data/<state>/legislature/*.yml")
        }
        return (data, newest)
    }

    private struct MemberTooLarge: Error {}

    /// The path below `data/` of a member the importer reads, or nil. The archive's top folder
    /// (`people-main/`) may be there or not.
    static func wanted(_ path: String) -> String? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first != "data" { parts.removeFirst() }
        guard parts.first == "data" else { return nil }
        parts.removeFirst()
        guard parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }), let state = parts.first,
            state.count == 2, state.allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return nil }
        switch parts.count {
        case 2 where parts[1] == "municipalities.yml" && state != "us":
            return parts.joined(separator: "/")
        case 3
        where parts[2].hasSuffix(".yml")
            && (parts[1] == "legislature" || (parts[1] == "municipalities" && state != "us")):
            return parts.joined(separator: "/")
        default:
            return nil
        }
    }
}
