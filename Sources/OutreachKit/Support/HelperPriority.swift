import Foundation

/// The priority of a draft's helper threads (the recipient reader, the merge workers) beside
/// the thread that writes to SQLite, which is the draft's bottleneck: on two cores the four
/// threads share, the writer waited for a core about half a second of every 2.2 seconds of a
/// 100,000-row draft (its run-queue time in `/proc/thread-self/schedstat`). A helper runs at a
/// nice value `offset` above the process's (a lower priority), so that the kernel gives the
/// writer a core whenever it can run and the helpers the time it leaves (2.05 seconds instead
/// of 2.3 measured). Only the order changes: a helper still gets any core nobody else wants.
enum HelperPriority {
    /// How far below the process a helper runs, in nice steps (the kernel weighs a thread at
    /// nice 5 about a third of one at nice 0).
    static let offset: Int32 = 5

    #if os(Linux)
    /// The process's nice value, read by the first helper before it is lowered (threads
    /// inherit it, so `nice outreach draft` keeps its meaning).
    private static let processNice: Int32 = {
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : 0
    }()
    #endif

    /// Gives the calling thread the helpers' priority: the process's nice value plus `offset`
    /// (at most 19). On Linux the nice value belongs to each thread (`setpriority(2)`, "BUGS":
    /// `PRIO_PROCESS` with 0 names the calling thread); elsewhere it is the whole process's, so
    /// nothing is done there. A thread whose priority cannot be changed keeps its own.
    static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(19, processNice + offset))
        #endif
    }
}
