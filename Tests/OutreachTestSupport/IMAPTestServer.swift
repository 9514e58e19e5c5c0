import Foundation

/// A real IMAP server (Dovecot, Tests/Scripts/imap_server.py) on 127.0.0.1 and a free port,
/// with its own configuration, serving `maildir` as the user's INBOX; stopped when released.
public final class IMAPTestServer {
    public var port: Int { server.port }
    /// Dovecot's own folder: configuration, run, state, index and control files, its log.
    public let base: TemporaryDirectory
    public let maildir: String
    private let server: ScriptServer

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
        let folder = base
        // The server stops when its standard input closes: with this object, or with the tests.
        server = try ScriptServer(
            "imap_server.py",
            [
                "--base", folder.url.path, "--maildir", maildir, "--user", user, "--password", password, "--mode", mode,
                "--cert", certificates.folder.path("good.pem"), "--key", certificates.folder.path("good.key"),
            ],
            name: "Dovecot",
            details: { (try? String(contentsOfFile: folder.path("dovecot.stderr"), encoding: .utf8)) ?? "" })
    }

    /// Stops Dovecot and waits until it is gone.
    /// Stops the server before its folders go: its script stops what it started (Postfix's and
    /// Dovecot's daemons, by the pid files in those folders), which it cannot do once they are gone.
    deinit { server.stop() }

    public func stop() { server.stop() }

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
