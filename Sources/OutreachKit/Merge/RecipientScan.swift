import Foundation

/// Reads the recipient files on a thread of its own and hands over, chunk by chunk, the rows
/// a draft selects: current, matching, with unique ids. Problems found on the way (duplicate
/// ids, and any error that stops the reading) travel with the chunks, in order.
final class RecipientScan: @unchecked Sendable {
    /// Problems kept to show; more are only counted.
    static let problemLimit = 20

    struct Chunk {
        var selected: [Recipient] = []
        var problems: [any OutreachError] = []
        /// Problems found but not kept (past `problemLimit`).
        var uncountedProblems = 0
        /// Rows whose term has ended, per file.
        var endedTerms: [String: Int] = [:]
        /// Rows read so far, in all.
        var rowsRead = 0
        /// An error that stopped the reading (bad file); the last chunk carries it.
        var error: (any Error)?
    }

    private struct RowPlace {
        var file: Int32
        var line: Int32
    }

    private let reader: RecipientReader
    private let selection: RecipientSelection
    private let today: String
    private let chunkSize: Int
    private let channel = BoundedChannel<Chunk>(capacity: 2)

    init(reader: RecipientReader, selection: RecipientSelection, today: String, chunkSize: Int) {
        self.reader = reader
        self.selection = selection
        self.today = today
        self.chunkSize = chunkSize
    }

    /// Starts reading on a new thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next chunk, waiting for it; nil when the files are read.
    func next() -> Chunk? { channel.receive() }

    /// Stops handing over chunks (the reader finishes its file and stops).
    func cancel() { channel.close() }

    private func run() {
        var chunk = Chunk()
        // Where each id was first seen, compactly: 100,000 ids fit in a few megabytes.
        var seenIDs: [String: RowPlace] = [:]
        var files: [String] = []
        var kept = 0
        var rows = 0
        do {
            try reader.forEachRow { recipient in
                rows += 1
                let id = recipient.id
                if let first = seenIDs[id] {
                    if kept < Self.problemLimit {
                        let firstLocation = SourceLocation(file: files[Int(first.file)], line: Int(first.line))
                        chunk.problems.append(InputError.duplicateID(location: recipient.location, id: id, first: firstLocation))
                        kept += 1
                    } else {
                        chunk.uncountedProblems += 1
                    }
                    return
                }
                if files.last != recipient.header.file { files.append(recipient.header.file) }
                seenIDs[id] = RowPlace(file: Int32(files.count - 1), line: Int32(truncatingIfNeeded: recipient.line))
                guard selection.matches(recipient) else { return }
                if recipient.termEnded(asOf: today) {
                    chunk.endedTerms[recipient.header.file, default: 0] += 1
                    return
                }
                chunk.selected.append(recipient)
                if chunk.selected.count >= chunkSize {
                    chunk.rowsRead = rows
                    channel.send(chunk)
                    chunk = Chunk()
                }
            }
        } catch {
            chunk.error = error
        }
        chunk.rowsRead = rows
        channel.send(chunk)
        channel.close()
    }
}
