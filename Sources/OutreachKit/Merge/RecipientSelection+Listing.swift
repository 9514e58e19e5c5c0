extension RecipientSelection {
    /// What `outreach recipients list` shows: the rows, and how many were left out and why.
    public struct Listing: Sendable {
        /// The current rows in the selection, in file order.
        public var rows: [Recipient] = []
        /// Rows that matched but whose term has ended.
        public var ended = 0
        /// Rows that matched but have a letter already (`--not-written`).
        public var written = 0
        /// Rows of the role that a filter or the own-officials default left out, per filter
        /// (`Filter.rawValue`); see `leftOutLines(_:)`.
        public var leftOut: [String: Int] = [:]
    }

    /// The current recipients in the selection, in file order (`outreach recipients list`).
    /// - Parameters:
    ///   - reader: the recipient files.
    ///   - today: YYYY-MM-DD; recipients whose term ended before it are left out, and counted.
    ///   - limit: at most this many rows.
    ///   - written: the letters to leave out (`--not-written`): recipient ids and mailbox
    ///     identities (`MailboxIdentity`) that have a letter in the queue already.
    /// - Returns: the rows, and what was left out.
    /// - Throws: what `RecipientReader.forEachRow` throws.
    public func currentRecipients(
        in reader: RecipientReader, today: String, limit: Int?,
        leavingOut written: (ids: Set<String>, mailboxes: Set<String>) = ([], [])
    ) throws -> Listing {
        var listing = Listing()
        try reader.forEachRow { recipient in
            if let role, recipient.role != role.rawValue { return }
            if let filter = exclusion(of: recipient) {
                listing.leftOut[filter.rawValue, default: 0] += 1
                return
            }
            if written.ids.contains(recipient.id)
                || (!written.mailboxes.isEmpty && written.mailboxes.contains(MailboxIdentity.key(of: recipient)))
            {
                listing.written += 1
                return
            }
            if recipient.termEnded(asOf: today) {
                listing.ended += 1
                return
            }
            if let limit, listing.rows.count >= limit { return }
            listing.rows.append(recipient)
        }
        return listing
    }
}
