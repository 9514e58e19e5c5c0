#ifndef OUTREACH_SQLITE_SETUP_H
#define OUTREACH_SQLITE_SETUP_H

// sqlite3_config takes variable arguments, which Swift cannot call: a wrapper for the settings
// outreach makes. The prototype is declared here rather than by including sqlite3.h, whose
// declarations GRDB's SQLite module already gives Swift (two modules holding them clash).
int sqlite3_config(int option, ...);

// SQLITE_CONFIG_MULTITHREAD (sqlite3.h: 2): connections opened without a mutex around every
// call, only around SQLite's shared state; SQLITE_CONFIG_MEMSTATUS (9) off: no count of the
// memory SQLite holds, which took a process-wide mutex at every allocation and every free.
// Returns SQLITE_OK (0), or SQLITE_MISUSE (21) once SQLite is initialized (a connection was
// opened first), when nothing changes.
static inline int outreach_sqlite_config_for_speed(void) {
    int threading = sqlite3_config(2);
    int memoryStatus = sqlite3_config(9, 0);
    return threading != 0 ? threading : memoryStatus;
}

#endif
