import CSQLiteSetup

/// SQLite's process-wide settings, made once before the first connection opens.
enum SQLiteSetup {
    /// Turns off SQLite's count of the memory it holds (`SQLITE_CONFIG_MEMSTATUS`), which took a
    /// process-wide mutex around each of its allocations and frees: about a hundred lock and
    /// unlock pairs for every message a send run writes (callgrind; Debian's SQLite is built
    /// without lookaside memory, so every allocation is one). Nothing reads those counts. Also
    /// makes multi-thread mode (https://www.sqlite.org/threadsafe.html) the default: GRDB opens
    /// its connections so already, and the `SeenKeys` stores, each used by the thread that made
    /// it, take it too. Once SQLite is initialized the settings can no longer change, and the
    /// call then does nothing: SQLite keeps its defaults, slower, never unsafe.
    /// - Returns: true when the settings took effect (no connection was opened before).
    static let configured: Bool = { outreach_sqlite_config_for_speed() == 0 }()
}
