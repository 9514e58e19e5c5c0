import GRDB

/// The queue's schema, one migration per version. A migration is never edited once shipped:
/// a change is a new migration. GRDB keeps the applied list in `grdb_migrations`.
enum QueueMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: batch, letter, event") { db in
            // One row per `outreach draft` run that wrote letters.
            try db.execute(sql: """
                CREATE TABLE batch (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    createdAt TEXT NOT NULL,
                    template TEXT NOT NULL,
                    role TEXT NOT NULL,
                    letterCount INTEGER NOT NULL DEFAULT 0
                );
                """)
            // One row per letter: the stored message is exactly what is sent (Date is restamped).
            try db.execute(sql: """
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
                    message BLOB NOT NULL,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE INDEX letterOnce ON letter(template, recipientId) WHERE status <> 'discarded';
                CREATE INDEX letterStatus ON letter(status, id);
                """)
            // Append-only history of every state change; the log is derived from it.
            try db.execute(sql: """
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    letterId INTEGER NOT NULL REFERENCES letter(id),
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX eventLetter ON event(letterId, id);
                CREATE TRIGGER eventAppendOnlyUpdate BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                CREATE TRIGGER eventAppendOnlyDelete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                """)
        }
        migrator.registerMigration("v2: delivery") { db in
            try db.execute(sql: """
                ALTER TABLE letter ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE letter ADD COLUMN nextAttemptAt TEXT;
                ALTER TABLE letter ADD COLUMN sentAt TEXT;
                ALTER TABLE letter ADD COLUMN lastReply TEXT NOT NULL DEFAULT '';
                """)
            // One row per hand-over to the server: the log of what went where and what it said.
            try db.execute(sql: """
                CREATE TABLE deliveryAttempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    letterId INTEGER NOT NULL REFERENCES letter(id),
                    startedAt TEXT NOT NULL,
                    finishedAt TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('sending', 'sent', 'deferred', 'failed', 'unknown', 'not-sent')),
                    replyCode INTEGER,
                    reply TEXT NOT NULL DEFAULT '',
                    refusedRecipients TEXT NOT NULL DEFAULT '',
                    server TEXT NOT NULL,
                    messageId TEXT NOT NULL
                );
                CREATE INDEX deliveryAttemptLetter ON deliveryAttempt(letterId, id);
                CREATE INDEX deliveryAttemptOutcome ON deliveryAttempt(outcome, finishedAt);
                """)
        }
        return migrator
    }
}
