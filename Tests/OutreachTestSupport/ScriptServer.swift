import Foundation

/// One of the tests' real servers, run by a script in Tests/Scripts with the system Python
/// (Debian's python3-aiosmtpd and friends are importable by it, not by a pyenv one): started
/// with its arguments, ready once it prints `READY <port>` on standard output, stopped with
/// `stop()` or when released.
public final class ScriptServer {
    /// The loopback port the server took (it chooses a free one).
    public let port: Int
    private let process: Process
    /// Kept open for the server's life: servers that must not outlive the tests stop when it closes.
    private let input = Pipe()

    /// Starts `Tests/Scripts/SCRIPT ARGUMENTS` and waits for its READY line.
    /// - Parameters:
    ///   - script: the script's file name in Tests/Scripts.
    ///   - arguments: its arguments.
    ///   - name: what to call the server in an error (`the test SMTP server`).
    ///   - details: more to say when it did not start (a log it wrote).
    /// - Throws: what starting the process throws; an `NSError` naming the server and what it
    ///   printed when it does not report READY.
    public init(_ script: String, _ arguments: [String], name: String, details: () -> String = { "" }) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["\(Repository.scripts)/\(script)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(0x0A) {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            process.terminate()
            process.waitUntilExit()
            let more = details()
            throw NSError(
                domain: "ScriptServer", code: 1,
                userInfo: [
                    NSLocalizedDescriptionKey: "\(name) did not start: '\(text)'\(more.isEmpty ? "" : " \(more)")"
                ])
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server and waits until its script is gone.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
