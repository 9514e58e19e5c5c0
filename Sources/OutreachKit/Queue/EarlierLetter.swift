import GRDB

/// A letter drafted before from the same template to the same office, as `draft` reports it.
public struct EarlierLetter: Sendable, Codable, Equatable, FetchableRecord {
    public var id: Int64
    /// The recipient's `id` in the list it was drafted from.
    public var recipientId: String
    public var status: LetterStatus
    /// How it reaches the office: the To address, the contact form's URL, or the postal address.
    public var mailbox: String

    static let columns = """
        id, recipientId, status,
        CASE channel WHEN 'email' THEN substr(envelopeTo || ' ', 1, instr(envelopeTo || ' ', ' ') - 1)
            WHEN 'web-form' THEN contactForm ELSE postalAddress END
        """

    /// Reads a row of `columns` by position.
    /// - Parameter row: the row.
    public init(row: Row) {
        id = row[0]
        recipientId = row[1]
        status = LetterStatus(rawValue: row[2]) ?? .drafted
        mailbox = row[3]
    }
}
