import CSV
import Foundation

/// Writes recipient CSV files with CSV.swift: RFC 4180 quoting, UTF-8, LF line ends, and a line
/// end after the last row too, so that a row appended with `>>` starts on a line of its own.
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
        let data = try data(
            header: ImportedRecipient.columns,
            rows: sorted.map { row in ImportedRecipient.columns.map { row.fields[$0] ?? "" } }, path: file.path)
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw FileError.cannotWrite(
                path: file.path, reason: (error as NSError).localizedFailureReason ?? "the folder is not writable")
        }
    }

    /// The CSV text of a header and rows, each row ended by a line end.
    /// - Parameters:
    ///   - header: the column names.
    ///   - rows: the values, one per column.
    ///   - path: the file it is for, for the error.
    /// - Returns: the bytes.
    /// - Throws: `FileError.cannotWrite` when CSV.swift fails.
    static func data(header: [String], rows: [[String]], path: String) throws -> Data {
        do {
            let stream = OutputStream(toMemory: ())
            stream.open()
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: header)
            for row in rows { try writer.write(row: row) }
            writer.stream.close()
            guard var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
                throw FileError.cannotWrite(path: path, reason: "the CSV writer produced nothing")
            }
            // CSV.swift puts the line end between rows only.
            if data.last != 0x0A { data.append(0x0A) }
            return data
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    // Districts sort by number: 2 before 10.
    private static func pad(_ district: String) -> String {
        Int(district).map { String(format: "%05d", $0) } ?? district
    }
}
