import GRDB

/// The queue's schema, one migration per version. A migration is never edited once shipped:
/// a change is a new migration. GRDB keeps the applied list in `grdb_migrations`.
enum QueueMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: batch, letter, event") { db in
            // One row per `outreach draft` run that wrote letters.
            try db.execute(
                sql: """
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        createdAt TEXT NOT NULL,
                        template TEXT NOT NULL,
                        role TEXT NOT NULL,
                        letterCount INTEGER NOT NULL DEFAULT 0
                    );
                    """)
            // One row per letter; its message (exactly what is sent, the Date restamped) is in `message`.
            try db.execute(
                sql: """
                    CREATE TABLE letter (
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
                            ('drafted', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'discarded', 'delivered-by-hand')),
                        subject TEXT NOT NULL,
                        envelopeFrom TEXT NOT NULL,
                        envelopeTo TEXT NOT NULL,
                        contactForm TEXT NOT NULL,
                        postalAddress TEXT NOT NULL,
                        messageId TEXT NOT NULL UNIQUE,
                        createdAt TEXT NOT NULL,
                        updatedAt TEXT NOT NULL
                    );
                    CREATE INDEX letterOnce ON letter(template, recipientId);
                    """)
            // The RFC 5322 message, apart from the letter's small row, so that status changes
            // rewrite a small row rather than a 3 KB one. (No index involves `status` either:
            // each status change would rewrite index pages, and a scan of the small rows is fast.)
            try db.execute(
                sql: """
                    CREATE TABLE message (
                        letterId INTEGER PRIMARY KEY REFERENCES letter(id),
                        bytes BLOB NOT NULL
                    );
                    """)
            // Append-only history of every state change; the log is derived from it. A hand-over
            // to the server is a `sending` event (with the Date it carried) followed by its outcome
            // (`sent`, `deferred`, `failed`, `unknown`, `not-sent`) with the reply code and text.
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        letterId INTEGER NOT NULL REFERENCES letter(id),
                        at TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        detail TEXT NOT NULL DEFAULT '',
                        replyCode INTEGER,
                        dateHeader TEXT
                    );
                    CREATE INDEX eventLetter ON event(letterId, id);
                    CREATE TRIGGER eventAppendOnlyUpdate BEFORE UPDATE ON event
                        BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                    CREATE TRIGGER eventAppendOnlyDelete BEFORE DELETE ON event
                        BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                    """)
        }
        migrator.registerMigration("v2: delivery") { db in
            try db.execute(
                sql: """
                    ALTER TABLE letter ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE letter ADD COLUMN nextAttemptAt TEXT;
                    ALTER TABLE letter ADD COLUMN sentAt TEXT;
                    ALTER TABLE letter ADD COLUMN lastReply TEXT NOT NULL DEFAULT '';
                    """)
        }
        migrator.registerMigration("v3: replies") { db in try QueueMigrations.replies(db) }
        // "v4" is kept for another branch's migration ("v4: event without AUTOINCREMENT"), to be
        // registered here, between v3 and v5, when it is merged (none of v3 to v6 has shipped).
        migrator.registerMigration("v5: mailbox identity") { db in try QueueMigrations.mailboxIdentity(db) }
        migrator.registerMigration("v6: envelope recipients") { db in try QueueMigrations.envelopeRecipients(db) }
        return migrator
    }
}
