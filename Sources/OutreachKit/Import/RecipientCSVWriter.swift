import CSV
import Foundation

/// Writes recipient CSV files (RFC 4180, UTF-8, CRLF) with CSV.swift.
enum RecipientCSVWriter {
    /// Writes `rows` sorted by state, jurisdiction, district and name, so a refresh diffs cleanly.
    /// - Throws: `FileError.cannotWrite`.
    static func write(_ rows: [ImportedRecipient], to file: URL) throws {
        let directory = file.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw FileError.cannotWrite(path: directory.path, reason: "it is a file, not a folder")
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
                throw FileError.cannotWrite(path: file.path, reason: "the CSV writer produced nothing")
            }
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.cannotWrite(
                path: file.path, reason: (error as NSError).localizedFailureReason ?? "the folder is not writable")
        }
    }

    // Districts sort by number: 2 before 10.
    private static func pad(_ district: String) -> String {
        Int(district).map { String(format: "%05d", $0) } ?? district
    }
}
