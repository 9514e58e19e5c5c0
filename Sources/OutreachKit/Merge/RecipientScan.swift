import Foundation

/// Reads the recipient files on a thread of its own and hands over, chunk by chunk, the rows
/// a draft selects: current, matching, with unique ids. Problems found on the way (duplicate
/// ids, and any error that stops the reading) travel with the chunks, in order.
final class RecipientScan: @unchecked Sendable {
    struct Chunk {
        var selected: [Recipient] = []
        /// Problems found since the chunk before.
        var problems = ProblemCollector()
        /// Rows whose term has ended, per file.
        var endedTerms: [String: Int] = [:]
        /// Rows of the role that a filter or the own-officials default left out, per filter
        /// (`RecipientSelection.Filter.rawValue`).
        var leftOut: [String: Int] = [:]
        /// Rows whose email address a row of an earlier list has (one office in two lists): the
        /// draft leaves them out, naming the letter to that office.
        var sameOffice: [Recipient] = []
        /// Rows of the role asked for, so far (all rows when no role is asked for).
        var roleRows = 0
        /// The roles the files hold, so far: for the error when none has the role asked for.
        var rolesSeen = Set<String>()
        /// Rows read so far, in all.
        var rowsRead = 0
        /// An error that stopped the reading (bad file); the last chunk carries it.
        var error: (any Error)?
    }

    private let reader: RecipientReader
    private let selection: RecipientSelection
    private let today: String
    private let chunkSize: Int
    /// Ids and addresses kept in memory before they move to a temporary file (`SeenKeys`).
    private let seenInMemory: Int
    private let channel = BoundedChannel<Chunk>(capacity: 2)

    /// - Parameters:
    ///   - reader: the recipient files.
    ///   - selection: which rows are selected.
    ///   - today: the day terms are compared with (YYYY-MM-DD).
    ///   - chunkSize: selected rows per chunk handed over.
    ///   - seenInMemory: ids (and addresses) held in memory before they move to a temporary file.
    init(
        reader: RecipientReader, selection: RecipientSelection, today: String, chunkSize: Int,
        seenInMemory: Int = 1 << 16
    ) {
        self.reader = reader
        self.selection = selection
        self.today = today
        self.chunkSize = chunkSize
        self.seenInMemory = seenInMemory
    }

    /// Starts reading on a new thread.
    func start() {
        let thread = Thread { [self] in
            // The thread that writes to SQLite gets a core first (`HelperPriority`).
            HelperPriority.lowerCurrentThread()
            run()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next chunk, waiting for it; nil when the files are read.
    func next() -> Chunk? { channel.receive() }

    /// Stops handing over chunks (the reader finishes its file and stops).
    func cancel() { channel.close() }

    private func run() {
        var chunk = Chunk()
        // Where each id and address was first seen, by a 64-bit hash (FNV-1a); two different
        // values share a hash with odds of about one in 10^9 at 100,000 rows, 10^7 at 1,000,000.
        // Past 65,536 keys they move to a temporary file (`SeenKeys`): memory stays flat.
        let seenIDs = SeenKeys(memoryLimit: seenInMemory)
        let seenEmails = SeenKeys(memoryLimit: seenInMemory)
        var files: [String] = []
        func record(_ problem: any OutreachError) {
            chunk.problems.record(problem)
        }
        var rows = 0
        var roleRows = 0
        var rolesSeen = Set<String>()
        var lastRole = ""
        let role = selection.role?.rawValue
        do {
            try reader.forEachRow { recipient in
                rows += 1
                let id = recipient.id
                let idKey = Self.fnv1a(id, foldingCase: false)
                if let first = try seenIDs.place(of: idKey) {
                    let firstLocation = SourceLocation(file: files[Int(first.file)], line: Int(first.line))
                    record(InputError.duplicateID(location: recipient.location, id: id, first: firstLocation))
                    return
                }
                if files.last != recipient.header.file { files.append(recipient.header.file) }
                try seenIDs.insert(
                    idKey,
                    at: SeenKeys.Place(file: Int32(files.count - 1), line: Int32(truncatingIfNeeded: recipient.line)))
                if recipient.role != lastRole {
                    lastRole = recipient.role
                    rolesSeen.insert(lastRole)
                }
                if let role, recipient.role != role { return }
                roleRows += 1
                if let filter = selection.exclusion(of: recipient) {
                    chunk.leftOut[filter.rawValue, default: 0] += 1
                    return
                }
                if let problem = Self.check(recipient) {
                    record(problem)
                    return
                }
                if recipient.termEnded(asOf: today) {
                    chunk.endedTerms[recipient.header.file, default: 0] += 1
                    return
                }
                // One office, one letter: an address used by two selected rows of one list is a
                // data error; in two lists, it is one office named twice (drafted once).
                let email = recipient.email
                if !email.isEmpty {
                    let key = Self.fnv1a(email, foldingCase: true)
                    let first = try seenEmails.place(of: key)
                    if let first, Int(first.file) != files.count - 1 {
                        chunk.sameOffice.append(recipient)
                        return
                    }
                    if let first {
                        let firstLocation = SourceLocation(file: files[Int(first.file)], line: Int(first.line))
                        record(
                            InputError.badRecipientValue(
                                location: recipient.location, field: "email",
                                reason:
                                    "\"\(email)\" is also the address of \(firstLocation); that office would get two letters",
                                hint: "fix the address in one of the rows, or leave out one of them with --where"))
                        return
                    }
                    try seenEmails.insert(
                        key,
                        at: SeenKeys.Place(
                            file: Int32(files.count - 1), line: Int32(truncatingIfNeeded: recipient.line)))
                }
                chunk.selected.append(recipient)
                if chunk.selected.count >= chunkSize {
                    chunk.rowsRead = rows
                    chunk.roleRows = roleRows
                    chunk.rolesSeen = rolesSeen
                    channel.send(chunk)
                    chunk = Chunk()
                }
            }
        } catch {
            chunk.error = error
        }
        chunk.rowsRead = rows
        chunk.roleRows = roleRows
        chunk.rolesSeen = rolesSeen
        channel.send(chunk)
        channel.close()
    }

    /// Values every selected row must have right: a state code (or none, in a list of one's
    /// own), and a term end that is a date.
    static func check(_ recipient: Recipient) -> (any OutreachError)? {
        let end = recipient.termEnd
        if !end.isEmpty && !MessageDate.isCalendarDay(end) {
            return InputError.badRecipientValue(
                location: recipient.location, field: "term_end", reason: "\"\(end)\" is not a date (YYYY-MM-DD)",
                hint: "write the last day of the term as YYYY-MM-DD, or leave the field empty")
        }
        if !recipient.state.isEmpty && !USState.codes.contains(recipient.state) {
            return InputError.badRecipientValue(
                location: recipient.location, field: "state",
                reason: "\"\(recipient.state)\" is not a two-letter state code",
                hint: "use the USPS code in capitals, for example CA, NY or IL")
        }
        return nil
    }

    /// 64-bit FNV-1a over the UTF-8 bytes, optionally with ASCII letters folded to lower case.
    static func fnv1a(_ text: String, foldingCase: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in text.utf8 {
            if foldingCase && byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
