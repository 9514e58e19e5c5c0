import GRDB

extension QueueMigrations {
    /// "v3: replies": the statuses `replied` and `bounced`, the messages read from the mailbox
    /// that belong to letters, and how far each mailbox has been read.
    static func replies(_ db: Database) throws {
        // SQLite cannot change a CHECK constraint in place: the table is made anew, filled,
        // and renamed (https://www.sqlite.org/lang_altertable.html#otheralter). The migrator
        // runs this with foreign keys off and checks them before the commit.
        try db.execute(
            sql: """
                CREATE TABLE letterWithReplies (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    batchId INTEGER NOT NULL REFERENCES batch(id),
                    template TEXT NOT NULL,
                    recipientId TEXT NOT NULL,
                    recipientName TEXT NOT NULL,
                    role TEXT NOT NULL,
                    office TEXT NOT NULL,
                    recipientSource TEXT NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('email', 'web-form', 'postal')),
                    status TEXT NOT NULL DEFAULT 'drafted' CHECK (status IN
                        ('drafted', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'discarded', 'delivered-by-hand',
                         'replied', 'bounced')),
                    subject TEXT NOT NULL,
                    envelopeFrom TEXT NOT NULL,
                    envelopeTo TEXT NOT NULL,
                    contactForm TEXT NOT NULL,
                    postalAddress TEXT NOT NULL,
                    messageId TEXT NOT NULL UNIQUE,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttemptAt TEXT,
                    sentAt TEXT,
                    lastReply TEXT NOT NULL DEFAULT ''
                );
                INSERT INTO letterWithReplies (
                    id, batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status, subject,
                    envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt, attempts, nextAttemptAt,
                    sentAt, lastReply)
                SELECT id, batchId, template, recipientId, recipientName, role, office, recipientSource, channel, status, subject,
                    envelopeFrom, envelopeTo, contactForm, postalAddress, messageId, createdAt, updatedAt, attempts, nextAttemptAt,
                    sentAt, lastReply
                FROM letter;
                DROP TABLE letter;
                ALTER TABLE letterWithReplies RENAME TO letter;
                CREATE INDEX letterOnce ON letter(template, recipientId);
                """)
        // One row per message read from the mailbox that belongs to a letter (one per address
        // concerned, for a delivery report naming several). `messageKey` is the message's
        // Message-ID (or a digest of its header): a mailbox read again after its UIDVALIDITY
        // changed records nothing twice. Append-only, like `event`.
        try db.execute(
            sql: """
                CREATE TABLE inboundMessage (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    letterId INTEGER NOT NULL REFERENCES letter(id),
                    kind TEXT NOT NULL CHECK (kind IN ('replied', 'auto-replied', 'bounced', 'delayed')),
                    messageKey TEXT NOT NULL,
                    recipient TEXT NOT NULL DEFAULT '',
                    receivedAt TEXT NOT NULL,
                    recordedAt TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    excerpt TEXT NOT NULL DEFAULT '',
                    action TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL DEFAULT '',
                    diagnostic TEXT NOT NULL DEFAULT '',
                    mailbox TEXT NOT NULL,
                    uid INTEGER NOT NULL,
                    UNIQUE (letterId, messageKey, recipient)
                );
                CREATE INDEX inboundMessageLetter ON inboundMessage(letterId, id);
                CREATE TRIGGER inboundMessageAppendOnlyUpdate BEFORE UPDATE ON inboundMessage
                    BEGIN SELECT RAISE(ABORT, 'inboundMessage rows are append-only'); END;
                CREATE TRIGGER inboundMessageAppendOnlyDelete BEFORE DELETE ON inboundMessage
                    BEGIN SELECT RAISE(ABORT, 'inboundMessage rows are append-only'); END;
                """)
        // How far each mailbox has been read: UIDs above `lastUid` are new while the server's
        // UIDVALIDITY stays `uidValidity` (RFC 3501 §2.3.1.1).
        try db.execute(
            sql: """
                CREATE TABLE mailboxState (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL,
                    mailbox TEXT NOT NULL,
                    uidValidity INTEGER NOT NULL,
                    lastUid INTEGER NOT NULL,
                    checkedAt TEXT NOT NULL,
                    UNIQUE (account, mailbox)
                );
                """)
    }
}
