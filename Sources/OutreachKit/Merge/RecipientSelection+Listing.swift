extension RecipientSelection {
    /// The current recipients in the selection, in file order (`outreach recipients list`).
    /// - Parameters:
    ///   - reader: the recipient files.
    ///   - today: YYYY-MM-DD; recipients whose term ended before it are left out, and counted.
    ///   - limit: at most this many rows.
    ///   - written: recipient ids to leave out, and count (`--not-written`: those with a letter
    ///     in the queue; see `LetterQueue.recipientIdsWritten(template:)`).
    /// - Returns: the rows, how many matched but had ended terms, and how many matched but were
    ///   in `written`.
    /// - Throws: what `RecipientReader.forEachRow` throws.
    public func currentRecipients(
        in reader: RecipientReader, today: String, limit: Int?, leavingOut written: Set<String> = []
    ) throws -> (rows: [Recipient], ended: Int, written: Int) {
        var rows: [Recipient] = []
        var ended = 0
        var writtenCount = 0
        try reader.forEachRow { recipient in
            guard matches(recipient) else { return }
            if written.contains(recipient.id) {
                writtenCount += 1
                return
            }
            if recipient.termEnded(asOf: today) {
                ended += 1
                return
            }
            if let limit, rows.count >= limit { return }
            rows.append(recipient)
        }
        return (rows, ended, writtenCount)
    }
}
