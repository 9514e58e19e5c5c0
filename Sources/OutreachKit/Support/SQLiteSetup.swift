import CSQLiteSetup

/// SQLite's process-wide settings, made once before the first connection opens.
enum SQLiteSetup {
    /// Puts SQLite in its multi-thread mode (https://www.sqlite.org/threadsafe.html), with no
    /// count of the memory it holds (`SQLITE_CONFIG_MEMSTATUS`): no mutex is then taken around
    /// each call on a connection, nor around each of SQLite's allocations, about a hundred lock
    /// and unlock pairs for every message a send run writes (callgrind). Safe because no
    /// connection is used by two threads at once: GRDB hands each of its connections to one
    /// thread at a time (its documentation names multi-thread mode as the one it supports), and
    /// each `SeenKeys` store belongs to the thread that made it; and nothing reads SQLite's memory
    /// counts. Once SQLite is initialized the settings can no longer change, and the call then
    /// does nothing: SQLite stays in its default mode, slower, never unsafe.
    static let forSpeed: Void = { _ = outreach_sqlite_config_for_speed() }()
}
