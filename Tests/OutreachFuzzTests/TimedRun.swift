import Foundation

/// Runs a program with a time bound: a run that passes it is killed and reported as a hang.
struct TimedRun {
    var status: Int32
    /// True when the program ended by a signal (a crash: SIGSEGV, SIGILL, SIGABRT, SIGTRAP).
    var signaled: Bool
    var timedOut: Bool
    var stdout: Data
    var stderr: Data

    /// Runs `program arguments` in `folder` with exactly `environment`, standard input empty.
    static func run(
        _ program: URL, _ arguments: [String], in folder: String, environment: [String: String], seconds: Double
    ) throws -> TimedRun {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = Collected()
        let done = DispatchGroup()
        for (pipe, isError) in [(out, false), (err, true)] {
            done.enter()
            let handle = pipe.fileHandleForReading
            Thread {
                let data = handle.readDataToEndOfFile()
                collected.store(data, isError: isError)
                done.leave()
            }.start()
        }
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            // A bound for a broken run, not an ordering: polled, never slept on for a result.
            usleep(5_000)
        }
        process.waitUntilExit()
        done.wait()
        return TimedRun(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: collected.stdout, stderr: collected.stderr)
    }

    /// Output read on other threads, handed over after `done.wait()`.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var stdout = Data()
        private(set) var stderr = Data()

        func store(_ data: Data, isError: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if isError { stderr = data } else { stdout = data }
        }
    }
}
