import Foundation

/// Runs the built `outreach` binary, the one `swift test` built beside the test bundle.
public enum RunOutreach {
    /// The binary: beside the running test bundle (`.build/debug/outreach`).
    public static var binary: URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleFolder, bundleFolder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("outreach")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        for bundle in Bundle.allBundles {
            let url = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("outreach")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Repository.root.appendingPathComponent(".build/debug/outreach")
    }

    /// The time zone every run gets (`TZ`), so that its days do not depend on the machine's.
    public static let timeZone = "America/Los_Angeles"

    /// The calendar day (`yyyy-MM-dd`) of `date` as the binary sees it, in `timeZone`: the day it
    /// stamps on data dates and reads in `--since`/`--until`. (The test process's own zone may be
    /// another: from 00:00 to 08:00 UTC the two days differ.)
    /// - Parameter date: the moment.
    /// - Returns: the day in `timeZone`.
    public static func day(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: timeZone)
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// Runs `outreach ARGUMENTS` in `directory` with a clean environment plus `environment`.
    /// - Parameters:
    ///   - arguments: the arguments after `outreach`.
    ///   - directory: the working folder.
    ///   - environment: variables set besides PATH, HOME, LANG and TZ.
    ///   - input: bytes for standard input (none: /dev/null, so it is never a terminal).
    /// - Returns: the exit status and both outputs.
    /// - Throws: when the process cannot start.
    public static func run(
        _ arguments: [String], in directory: String = Repository.root.path, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> RunResult {
        try runProgram(binary, arguments, in: directory, environment: environment, input: input)
    }

    /// Runs any program the same way.
    public static func runProgram(
        _ program: URL, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> RunResult {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            "LANG": "C.UTF-8", "TZ": timeZone,
        ]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a large output cannot block the child.
        let errBox = DataBox()
        let done = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        Thread {
            errBox.data = errHandle.readDataToEndOfFile()
            done.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        let errData = errBox.data
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Bytes read on another thread, handed over after `done.wait()`.
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}
