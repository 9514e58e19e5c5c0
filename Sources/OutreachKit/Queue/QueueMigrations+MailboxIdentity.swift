import GRDB

extension QueueMigrations {
    /// "v5: mailbox identity": each letter's office as one key (`MailboxIdentity`: the mailbox,
    /// else the contact form, else the addressee and postal address), indexed with the template
    /// so that `draft` finds a letter drafted to that office from any list under any id; and the
    /// kind of each envelope recipient (To, Cc, the copy to the sender), in `envelopeKinds`.
    /// Letters drafted before get both from what they hold.
    static func mailboxIdentity(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE letter ADD COLUMN mailboxKey TEXT NOT NULL DEFAULT '';
                ALTER TABLE letter ADD COLUMN envelopeKinds TEXT NOT NULL DEFAULT '';
                """)
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, channel, envelopeTo, contactForm, recipientName, postalAddress FROM letter")
        let update = try db.makeStatement(sql: "UPDATE letter SET mailboxKey = ?, envelopeKinds = ? WHERE id = ?")
        for row in rows {
            let id: Int64 = row[0]
            let channelName: String = row[1]
            let envelopeTo: String = row[2]
            let channel = Channel(rawValue: channelName) ?? .postal
            let key = MailboxIdentity.key(
                channel: channel, envelopeTo: envelopeTo, contactForm: row[3], name: row[4], postalAddress: row[5])
            // Until now the envelope was the To address, then the template's Cc addresses.
            let kinds = EnvelopeRecipient.list(addresses: envelopeTo, kinds: "").map(\.kind.rawValue)
            try update.execute(arguments: [key, kinds.joined(separator: " "), id])
        }
        try db.execute(sql: "CREATE INDEX letterMailbox ON letter(template, mailboxKey)")
    }
}
