import Foundation
import GRDBSQLite

/// The 64-bit keys a recipient scan has seen (ids, email addresses), each with the place it was
/// first seen, in memory that does not grow with the list: a draft of 1,000,000 rows needs no
/// more than one of 100,000.
///
/// Up to `memoryLimit` keys (65,536: a dictionary of 2 MB) are kept in memory; then they move,
/// sorted, in one transaction, to a table in a private temporary SQLite file (SQLite deletes it
/// as it opens it; its page cache is 1 MB), and a Bloom filter of 1 MB in memory (8,388,608
/// bits, 4 probes) answers most look-ups of a key never seen without reading the file: at
/// 1,000,000 keys, about 2 look-ups in 100 read it. Not thread-safe: one scan's own.
final class SeenKeys {
    /// Where a key was first seen: an index into the scan's files, and a line.
    struct Place: Equatable {
        var file: Int32
        var line: Int32
    }

    /// Keys held in memory before a batch moves to the file.
    let memoryLimit: Int
    private var recent: [UInt64: Place] = [:]
    private var store: OpaquePointer?
    private var insertStatement: OpaquePointer?
    private var selectStatement: OpaquePointer?
    /// 2^23 bits, set for each key moved to the file.
    private var bloom: [UInt64] = []
    private static let bloomWords = 1 << 17

    /// - Parameter memoryLimit: keys held in memory before a batch moves to the file.
    init(memoryLimit: Int = 1 << 16) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        sqlite3_finalize(insertStatement)
        sqlite3_finalize(selectStatement)
        sqlite3_close(store)
    }

    /// The place `key` was first seen, or nil.
    /// - Throws: `QueueError.database` when the temporary file cannot be read.
    func place(of key: UInt64) throws -> Place? {
        if let place = recent[key] { return place }
        guard let selectStatement, mightBeStored(key) else { return nil }
        defer { sqlite3_reset(selectStatement) }
        sqlite3_bind_int64(selectStatement, 1, Int64(bitPattern: key))
        switch sqlite3_step(selectStatement) {
        case SQLITE_ROW:
            return Place(
                file: Int32(sqlite3_column_int64(selectStatement, 0)),
                line: Int32(truncatingIfNeeded: sqlite3_column_int64(selectStatement, 1)))
        case SQLITE_DONE: return nil
        default: throw failure("read")
        }
    }

    /// Records `key`, first seen at `place` (the caller has found it not seen yet).
    /// - Throws: `QueueError.database` when the temporary file cannot be written (a full disk).
    func insert(_ key: UInt64, at place: Place) throws {
        recent[key] = place
        if recent.count >= memoryLimit { try moveToStore() }
    }

    /// Moves the keys in memory to the file, in key order (pages written in order), in one
    /// transaction, and empties the dictionary (its storage kept).
    private func moveToStore() throws {
        if store == nil { try openStore() }
        guard let store, let insertStatement else { return }
        guard sqlite3_exec(store, "BEGIN", nil, nil, nil) == SQLITE_OK else { throw failure("write") }
        for (key, place) in recent.sorted(by: { $0.key < $1.key }) {
            sqlite3_bind_int64(insertStatement, 1, Int64(bitPattern: key))
            sqlite3_bind_int64(insertStatement, 2, Int64(place.file))
            sqlite3_bind_int64(insertStatement, 3, Int64(place.line))
            let code = sqlite3_step(insertStatement)
            sqlite3_reset(insertStatement)
            guard code == SQLITE_DONE else {
                sqlite3_exec(store, "ROLLBACK", nil, nil, nil)
                throw failure("write")
            }
            addToBloom(key)
        }
        guard sqlite3_exec(store, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw failure("write") }
        recent.removeAll(keepingCapacity: true)
    }

    private func openStore() throws {
        _ = SQLiteSetup.configured
        // An empty name: a private temporary file, removed by SQLite.
        guard sqlite3_open_v2("", &store, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            sqlite3_exec(
                store,
                """
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1024;
                PRAGMA locking_mode = EXCLUSIVE;
                CREATE TABLE seen (key INTEGER PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL);
                """, nil, nil, nil) == SQLITE_OK,
            sqlite3_prepare_v2(store, "INSERT INTO seen (key, file, line) VALUES (?, ?, ?)", -1, &insertStatement, nil)
                == SQLITE_OK,
            sqlite3_prepare_v2(store, "SELECT file, line FROM seen WHERE key = ?", -1, &selectStatement, nil)
                == SQLITE_OK
        else { throw failure("open") }
        bloom = [UInt64](repeating: 0, count: Self.bloomWords)
    }

    /// The filter's 4 bit positions for `key`: double hashing over a 64-bit mix of it
    /// (SplitMix64's finalizer; the keys are FNV-1a hashes, whose low bits vary less).
    private static func probes(_ key: UInt64) -> (UInt64, UInt64) {
        var mixed = key &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return (mixed & 0x7F_FFFF, (mixed >> 32) | 1)
    }

    private func addToBloom(_ key: UInt64) {
        let (first, step) = Self.probes(key)
        for probe in 0..<UInt64(4) {
            let bit = (first &+ probe &* step) & 0x7F_FFFF
            bloom[Int(bit >> 6)] |= 1 << (bit & 63)
        }
    }

    private func mightBeStored(_ key: UInt64) -> Bool {
        let (first, step) = Self.probes(key)
        for probe in 0..<UInt64(4) {
            let bit = (first &+ probe &* step) & 0x7F_FFFF
            if bloom[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
        }
        return true
    }

    private func failure(_ action: String) -> QueueError {
        let detail = store.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
        return QueueError.database(
            reason: "could not \(action) the temporary file of recipients seen (\(detail)); is the disk full?")
    }
}
