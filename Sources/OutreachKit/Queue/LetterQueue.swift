import Foundation
import GRDB

/// The letter queue: an SQLite file holding every draft, its message and its history.
///
/// The file is created 0600 in a 0700 folder. Every change runs in one transaction, so a batch
/// of drafts is written whole or not at all.
public struct LetterQueue: Sendable {
    let database: DatabaseQueue
    /// The database file.
    public let file: URL

    /// How commits reach the disk.
    public enum Journal: Sendable {
        /// Rollback journal, every commit synced: for one large transaction (draft).
        case rollback
        /// Write-ahead log with `synchronous = NORMAL`: many small commits (send) cost no
        /// fsync each and survive a crash of the process; a power failure may lose the commits
        /// not yet synced, never corrupt the file. `send` syncs the log on a thread of its own
        /// (`CommitSync`) and waits for it where its rules need a commit on disk.
        case writeAhead
    }

    /// Opens (and creates, and migrates) the queue.
    /// - Parameters:
    ///   - file: the database file.
    ///   - readOnly: open without writing anything, not even a migration; the file must exist.
    ///   - journal: how commits reach the disk.
    /// - Throws: `QueueError.cannotOpen` when the file cannot be opened or migrated.
    public init(file: URL, readOnly: Bool = false, journal: Journal = .rollback) throws {
        self.file = file
        _ = SQLiteSetup.configured
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        do {
            // Two commands starting at once on a new home would both create and migrate the
            // file: a lock beside it lets one do it while the other waits.
            if !readOnly { try PrivateFiles.makeFolder(file.deletingLastPathComponent()) }
            let setupLock = readOnly ? nil : try FileLock(path: file.path + ".lock", wait: true)
            defer { withExtendedLifetime(setupLock) {} }
            if !readOnly && !FileManager.default.fileExists(atPath: file.path) {
                try PrivateFiles.write(Data(), to: file)
            }
            if readOnly { try Self.rollBackInterruptedWrite(file) }
            database = try DatabaseQueue(path: file.path, configuration: configuration)
            if !readOnly {
                try QueueMigrations.migrator.migrate(database)
                try database.writeWithoutTransaction { db in
                    // Another process (a send) may hold the file in WAL mode: keep its mode then.
                    _ = try? String.fetchOne(
                        db, sql: "PRAGMA journal_mode = \(journal == .writeAhead ? "WAL" : "DELETE")")
                    if journal == .writeAhead {
                        try db.execute(sql: "PRAGMA synchronous = NORMAL")
                        // Fewer, larger checkpoints (each one syncs): about 40 MB of log.
                        try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
                    }
                }
            }
        } catch let error as FileError {
            throw QueueError.cannotOpen(path: file.path, reason: error.message)
        } catch {
            throw QueueError.cannotOpen(path: file.path, reason: Self.describe(error))
        }
    }

    /// Leaves write-ahead-log mode (`journal: .writeAhead`) for the rollback journal on this
    /// connection: SQLite copies the log into the queue file, syncs it and removes the `-wal` and
    /// `-shm` files. Does nothing when SQLite cannot switch (another connection has the file
    /// open: it stays in WAL mode until the next command that opens it for writing).
    public func leaveWriteAheadLog() {
        _ = try? database.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
    }

    /// Rolls back what a command that was interrupted (Ctrl-C, a kill) left half-written: its
    /// rollback journal (`-journal` beside the queue) is "hot", and a connection that may not
    /// write cannot read the queue until someone has rolled it back (SQLite: "attempt to write a
    /// readonly database"). Opening the queue for writing and reading it does that, as any
    /// command that writes would: the queue is then as it was last committed. Nothing is done
    /// when there is no journal, or when the folder cannot be written (the error comes with the
    /// read-only open then).
    /// - Throws: `DatabaseError` from SQLite.
    private static func rollBackInterruptedWrite(_ file: URL) throws {
        let journal = file.path + "-journal"
        guard FileManager.default.fileExists(atPath: journal),
            FileManager.default.isWritableFile(atPath: file.deletingLastPathComponent().path),
            FileManager.default.isWritableFile(atPath: file.path)
        else { return }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let writer = try DatabaseQueue(path: file.path, configuration: configuration)
        _ = try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        try writer.close()
    }

    /// Runs `body` in one write transaction; an error thrown inside rolls everything back.
    /// - Throws: what `body` throws, or `QueueError.database` for an SQLite failure.
    public func write<T>(_ body: (QueueWriter) throws -> T) throws -> T {
        do {
            return try database.write { db in
                let writer = QueueWriter(db: db)
                defer { writer.close() }
                return try body(writer)
            }
        } catch let error as DatabaseError {
            throw QueueError.database(reason: Self.describe(error))
        }
    }

    /// Holds the connection for a run of many small transactions (`send`, which begins and
    /// commits them itself), without the cost of taking the connection again each time.
    /// - Throws: what `body` throws, or `QueueError.database`.
    public func session<T>(_ body: (QueueSession) throws -> T) throws -> T {
        do {
            return try database.writeWithoutTransaction { db in try body(QueueSession(db: db)) }
        } catch let error as DatabaseError {
            throw QueueError.database(reason: Self.describe(error))
        }
    }

    /// The file whose sync makes the commits so far durable: the write-ahead log while the
    /// queue has one (during `send`), else the queue file.
    var durableFile: String {
        let log = file.path + "-wal"
        return FileManager.default.fileExists(atPath: log) ? log : file.path
    }

    /// Makes every commit so far durable: syncs `durableFile` and the folder (whose entry for a
    /// new log must be on disk too).
    /// - Throws: `QueueError.notDurable`.
    func syncToDisk() throws {
        let path = durableFile
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw QueueError.notDurable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let error = CommitSync.sync(descriptor) {
            throw QueueError.notDurable(path: path, reason: String(cString: strerror(error)))
        }
        try CommitSync.syncFolder(of: file.path)
    }

    /// Letters, oldest first.
    /// - Parameter statuses: keep only these; all when empty.
    /// - Returns: the letters, without their messages.
    /// - Throws: `QueueError.database`.
    public func letters(statuses: [LetterStatus] = []) throws -> [Letter] {
        try read { db in
            var sql = "SELECT \(Letter.columns) FROM letter"
            var arguments: [any DatabaseValueConvertible] = []
            if !statuses.isEmpty {
                sql += " WHERE status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))"
                arguments = statuses
            }
            sql += " ORDER BY id"
            return try Letter.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        }
    }

    /// One letter.
    /// - Throws: `QueueError.noSuchLetter` when there is none with `id`.
    public func letter(id: Int64) throws -> Letter {
        let found = try read { db in
            try Letter.fetchOne(db, sql: "SELECT \(Letter.columns) FROM letter WHERE id = ?", arguments: [id])
        }
        guard let found else { throw QueueError.noSuchLetter(id: id) }
        return found
    }

    /// The stored message bytes of letter `id`.
    /// - Throws: `QueueError.noSuchLetter`.
    public func message(id: Int64) throws -> [UInt8] {
        let data = try read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM message WHERE letterId = ?", arguments: [id])
        }
        guard let data else { throw QueueError.noSuchLetter(id: id) }
        return [UInt8](data)
    }

    /// The message as it was last handed to the server (its Date as stamped then), or as it
    /// will be sent when it never was.
    /// - Throws: `QueueError.noSuchLetter`.
    public func messageAsSent(id: Int64) throws -> [UInt8] {
        let stored = try message(id: id)
        guard try letter(id: id).status != .drafted else { return stored }
        let stamped = try read { db in
            try String.fetchOne(
                db, sql: "SELECT dateHeader FROM event WHERE letterId = ? AND kind = ? ORDER BY id DESC LIMIT 1",
                arguments: [id, EventKind.sending])
        }
        return stamped.map { MessageBuilder.restamp(stored, dateField: $0) } ?? stored
    }

    /// The history of letter `id`, oldest first: its drafting (from the letter and its batch),
    /// then every event.
    public func events(letterId: Int64) throws -> [LetterEvent] {
        try read { db in
            let drafted = try LetterEvent.fetchAll(
                db, sql: "SELECT createdAt AS at, ? AS kind, recipientSource AS detail FROM letter WHERE id = ?",
                arguments: [EventKind.drafted, letterId])
            return drafted
                + (try LetterEvent.fetchAll(
                    db, sql: "SELECT at, kind, detail, replyCode FROM event WHERE letterId = ? ORDER BY id",
                    arguments: [letterId]))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw QueueError.database(reason: Self.describe(error))
        }
    }

    /// The error without statement arguments: they may hold a person's address.
    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return "\(error)"
    }
}
