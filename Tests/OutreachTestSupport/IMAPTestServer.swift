import Foundation

/// A real IMAP server (Dovecot, Tests/Scripts/imap_server.py) on 127.0.0.1 and a free port,
/// with its own configuration, serving `maildir` as the user's INBOX; stopped when released.
public final class IMAPTestServer {
    public let port: Int
    /// Dovecot's own folder: configuration, run, state, index and control files, its log.
    public let base: TemporaryDirectory
    public let maildir: String
    private let process: Process
    private let input = Pipe()

    /// Starts Dovecot and waits for its READY line.
    /// - Parameters:
    ///   - maildir: the Maildir to serve (made when missing; given to the mail user `nobody`).
    ///   - user: the login the server accepts.
    ///   - password: its password.
    ///   - mode: `tls` (imaps) or `starttls` (imap with STARTTLS required).
    ///   - certificates: the throwaway CA's certificates; the server uses `good`.
    /// - Throws: what starting the process throws; an `NSError` with Dovecot's log when it
    ///   does not report READY.
    public init(maildir: String, user: String, password: String, mode: String = "tls", certificates: TestCertificates)
        throws
    {
        base = try TemporaryDirectory("outreach-imap")
        self.maildir = maildir
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "\(Repository.scripts)/imap_server.py", "--base", base.url.path, "--maildir", maildir, "--user", user,
            "--password", password,
            "--mode", mode, "--cert", certificates.folder.path("good.pem"), "--key",
            certificates.folder.path("good.key"),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // The server stops when this pipe closes: with this object, or with the test process.
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
            let log = (try? String(contentsOfFile: base.path("dovecot.stderr"), encoding: .utf8)) ?? ""
            throw NSError(
                domain: "IMAPTestServer", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "Dovecot did not start: '\(text)' \(log)"])
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops Dovecot and waits until it is gone.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Every file under the Maildir, by its path inside it (the flags are in the names), with its bytes.
    public static func snapshot(_ maildir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = URL(fileURLWithPath: maildir)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [:] }
        for case let url as URL in walker
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
