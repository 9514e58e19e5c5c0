import Foundation

/// Finds and runs a helper program of the desktop (a clipboard tool, a URL opener) with a time
/// limit, so that a tool that hangs never holds up the command that called it.
public enum ExternalTool {
    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// It was still running after the time limit, and was stopped (`stopIfLate`) or left running.
        case timedOut
        /// It could not be started (the reason, from `Process.run`).
        case notStarted(String)
    }

    /// The first executable file named `name` in the folders of `path` (the `PATH` variable's
    /// form, folders separated by `:`); a name with a `/` is taken as a path.
    /// - Parameters:
    ///   - name: the program's name.
    ///   - path: the search path; by default this process's `PATH`.
    /// - Returns: the program's path, or nil when there is none.
    public static func find(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let search = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in search.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program` with `arguments`, its output and errors discarded, and waits at most
    /// `timeout` seconds for it to exit.
    /// - Parameters:
    ///   - program: the program's path.
    ///   - arguments: its arguments, passed as they are (no shell).
    ///   - input: bytes for its standard input (written from another thread, so a tool that does
    ///     not read cannot block the caller); nil for none (`/dev/null`).
    ///   - timeout: seconds to wait.
    ///   - stopIfLate: stop a tool still running after `timeout` (SIGTERM, then SIGKILL a second
    ///     later); false leaves it running (a browser the opener became).
    /// - Returns: how it ended.
    public static func run(
        _ program: String, _ arguments: [String], input: [UInt8]?, timeout: Double, stopIfLate: Bool
    ) -> Outcome {
        // A tool that exits before reading its input would otherwise kill this process with
        // SIGPIPE when the input is written.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pipe = input.map { _ in Pipe() }
        process.standardInput = pipe ?? FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch { return .notStarted(error.localizedDescription) }
        if let pipe, let input {
            let writer = pipe.fileHandleForWriting
            Thread {
                try? writer.write(contentsOf: Data(input))
                try? writer.close()
            }.start()
        }
        if exited.wait(timeout: .now() + timeout) == .success { return .exited(process.terminationStatus) }
        guard stopIfLate else { return .timedOut }
        process.terminate()
        if exited.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL) }
        return .timedOut
    }
}
