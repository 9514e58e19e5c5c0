import GRDB

extension QueueMigrations {
    /// "v5: mailbox identity": each letter's office as one key (`MailboxIdentity`: the mailbox,
    /// else the contact form, else the addressee and postal address), indexed with the template
    /// so that `draft` finds a letter drafted to that office from any list under any id. Letters
    /// drafted before get theirs from what they hold. (Each envelope address's role, the copy to
    /// the sender's among them, is a row of `envelopeRecipient`: "v6: envelope recipients".)
    static func mailboxIdentity(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE letter ADD COLUMN mailboxKey TEXT NOT NULL DEFAULT ''")
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, channel, envelopeTo, contactForm, recipientName, postalAddress FROM letter")
        let update = try db.makeStatement(sql: "UPDATE letter SET mailboxKey = ? WHERE id = ?")
        for row in rows {
            let id: Int64 = row[0]
            let channelName: String = row[1]
            let channel = Channel(rawValue: channelName) ?? .postal
            let key = MailboxIdentity.key(
                channel: channel, envelopeTo: row[2], contactForm: row[3], name: row[4], postalAddress: row[5])
            try update.execute(arguments: [key, id])
        }
        try db.execute(sql: "CREATE INDEX letterMailbox ON letter(template, mailboxKey)")
    }
}
