import GRDB

extension QueueMigrations {
    /// "v4: send claims, event without AUTOINCREMENT": `event` rebuilt as it was (every kind it
    /// holds kept: it has no CHECK on `kind`), index and triggers included, but without
    /// AUTOINCREMENT; and `sendClaim`, the letters a send run may hand over before their outcome
    /// is recorded.
    static func sendClaims(_ db: Database) throws {
        // Without AUTOINCREMENT the ids still only grow (rows are never deleted, so a new row
        // takes the largest id plus one), and an insert no longer rewrites the `sqlite_sequence`
        // page as well, one page of the few a send writes per message.
        try db.execute(
            sql: """
                CREATE TABLE eventRebuilt (
                    id INTEGER PRIMARY KEY,
                    letterId INTEGER NOT NULL REFERENCES letter(id),
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT '',
                    replyCode INTEGER,
                    dateHeader TEXT
                );
                INSERT INTO eventRebuilt (id, letterId, at, kind, detail, replyCode, dateHeader)
                    SELECT id, letterId, at, kind, detail, replyCode, dateHeader FROM event ORDER BY id;
                DROP TABLE event;
                ALTER TABLE eventRebuilt RENAME TO event;
                CREATE INDEX eventLetter ON event(letterId, id);
                CREATE TRIGGER eventAppendOnlyUpdate BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                CREATE TRIGGER eventAppendOnlyDelete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'event rows are append-only'); END;
                """)
        // Made durable (fsync) before the server can receive any of them, in small groups: after a
        // power loss, the next run knows which letters may have gone (see `SendRecovery`).
        // `attempts` and `status` are the letter's when claimed (the status says which of its
        // envelope recipients the hand-over goes to: `EnvelopeRecipient.isTarget`); `bootId` the
        // system boot the run ran in (a run that died in the same boot left every commit it made;
        // one in an earlier boot may have lost its last ones).
        try db.execute(
            sql: """
                CREATE TABLE sendClaim (
                    letterId INTEGER PRIMARY KEY REFERENCES letter(id),
                    attempts INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    bootId TEXT NOT NULL
                );
                """)
    }
}
