import CSV
import Foundation

extension LetterQueue {
    /// Writes the letters that pass `filter` as CSV (RFC 4180: UTF-8, records ending in CRLF),
    /// the header `LogEntry.columns` first, newest activity first, one row at a time (see `log`).
    /// - Throws: `QueueError.database`, or CSV.swift's error when `stream` cannot be written.
    public func writeLogCSV(_ filter: LogFilter, to stream: OutputStream) throws {
        // RFC 4180 §2: records end in CRLF.
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: LogEntry.columns)
        try log(filter) { entry in try writer.write(row: entry.fields) }
    }
}
