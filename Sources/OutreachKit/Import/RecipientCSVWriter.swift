import CSV
import Foundation

/// One recipient row as the importers make it: the required columns, plus `chamber`.
public struct ImportedRecipient: Sendable {
    public var fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    /// The columns importers write: the required ones, then `chamber`.
    public static let columns = RecipientColumn.required + ["chamber"]

    /// Clears an email address that two rows share: it cannot be right for both offices, and a
    /// letter must not reach the wrong one. Those rows fall back to a web form or the post.
    static func dropSharedAddresses(_ rows: inout [ImportedRecipient], summary: inout ImportSummary) {
        var count: [String: Int] = [:]
        for row in rows {
            if let email = row.fields["email"], !email.isEmpty { count[email.lowercased(), default: 0] += 1 }
        }
        for index in rows.indices {
            guard let email = rows[index].fields["email"], (count[email.lowercased()] ?? 0) > 1 else { continue }
            summary.notes.append(
                "\(rows[index].fields["name"] ?? ""): \(email) is shared with another official and was left out")
            rows[index].fields["email"] = ""
        }
    }
}

/// Writes recipient CSV files (RFC 4180, UTF-8, CRLF) with CSV.swift.
enum RecipientCSVWriter {
    /// Writes `rows` sorted by state, jurisdiction, district and name, so a refresh diffs cleanly.
    /// - Throws: `InputError.cannotWrite`.
    static func write(_ rows: [ImportedRecipient], to file: URL) throws {
        let directory = file.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw InputError.cannotWrite(path: directory.path, reason: "it is a file, not a folder")
        }
        let sorted = rows.sorted {
            let left = [
                $0.fields["state"] ?? "", $0.fields["jurisdiction"] ?? "", pad($0.fields["district"] ?? ""),
                $0.fields["family_name"] ?? "", $0.fields["id"] ?? "",
            ]
            let right = [
                $1.fields["state"] ?? "", $1.fields["jurisdiction"] ?? "", pad($1.fields["district"] ?? ""),
                $1.fields["family_name"] ?? "", $1.fields["id"] ?? "",
            ]
            return left.lexicographicallyPrecedes(right)
        }
        do {
            let stream = OutputStream(toMemory: ())
            stream.open()
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: ImportedRecipient.columns)
            for row in sorted {
                try writer.write(row: ImportedRecipient.columns.map { row.fields[$0] ?? "" })
            }
            writer.stream.close()
            guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
                throw InputError.cannotWrite(path: file.path, reason: "the CSV writer produced nothing")
            }
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError.cannotWrite(
                path: file.path, reason: (error as NSError).localizedFailureReason ?? "the folder is not writable")
        }
    }

    // Districts sort by number: 2 before 10.
    private static func pad(_ district: String) -> String {
        Int(district).map { String(format: "%05d", $0) } ?? district
    }
}

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
