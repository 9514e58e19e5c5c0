extension RecipientSelection {
    /// The current recipients in the selection, in file order (`outreach recipients list`).
    /// - Parameters:
    ///   - reader: the recipient files.
    ///   - today: YYYY-MM-DD; recipients whose term ended before it are left out, and counted.
    ///   - limit: at most this many rows.
    /// - Returns: the rows, and how many matched but had ended terms.
    /// - Throws: what `RecipientReader.forEachRow` throws.
    public func currentRecipients(in reader: RecipientReader, today: String, limit: Int?) throws -> (
        rows: [Recipient], ended: Int
    ) {
        var rows: [Recipient] = []
        var ended = 0
        try reader.forEachRow { recipient in
            guard matches(recipient) else { return }
            if recipient.termEnded(asOf: today) {
                ended += 1
                return
            }
            if let limit, rows.count >= limit { return }
            rows.append(recipient)
        }
        return (rows, ended)
    }
}
