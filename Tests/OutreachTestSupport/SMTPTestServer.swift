import Foundation

/// A real SMTP server (aiosmtpd, Tests/Scripts/smtp_server.py) on 127.0.0.1 and a free port,
/// started for one test and stopped when released.
public final class SMTPTestServer {
    /// What the server accepted: the exact DATA bytes and the envelope.
    public struct Received {
        public var data: [UInt8]
        public var mailFrom: String
        public var rcptTos: [String]
        public var connection: Int
        public var tls: Bool
    }

    public var port: Int { server.port }
    public let spool: TemporaryDirectory
    private let server: ScriptServer

    /// Starts the server with `arguments` (see smtp_server.py) and waits for its READY line.
    public init(_ arguments: [String] = []) throws {
        spool = try TemporaryDirectory("outreach-smtp")
        server = try ScriptServer(
            "smtp_server.py", ["--spool", spool.url.path] + arguments, name: "the test SMTP server")
    }

    /// Stops the server.
    /// Stops the server before its folders go: its script stops what it started (Postfix's and
    /// Dovecot's daemons, by the pid files in those folders), which it cannot do once they are gone.
    deinit { server.stop() }

    public func stop() { server.stop() }

    /// Waits until the server is holding its reply to the `number`-th message's DATA (started
    /// with `--hold number`): the content is in and the client waits for the reply.
    /// - Parameters:
    ///   - number: the message, counted from 1.
    ///   - seconds: a bound for a broken run only, far above any wait a passing test needs (a
    ///     loaded CI machine may take seconds to start a process).
    /// - Returns: false when the bound passed first.
    public func waitUntilHolding(_ number: Int, seconds: Double = 120) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: spool.path("holding-\(number)")) {
            if Date() > deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// The RCPT addresses of the held `number`-th message (none before it is held): what a
    /// client killed while it waited handed over.
    public func heldRecipients(_ number: Int) -> [String] {
        let text = (try? String(contentsOfFile: spool.path("holding-\(number)"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Lets the server answer the held `number`-th message.
    public func release(_ number: Int) {
        FileManager.default.createFile(atPath: spool.path("release-\(number)"), contents: nil)
    }

    /// Connections the server has accepted.
    public var connections: Int {
        let text = (try? String(contentsOfFile: spool.path("connections.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    /// The names clients gave in EHLO or HELO, in order.
    public var heloNames: [String] {
        let text = (try? String(contentsOfFile: spool.path("helo.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Messages accepted, in order.
    public func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.url.path).filter { $0.hasSuffix(".json") }
        return try names.sorted { (Int($0.dropLast(5)) ?? 0) < (Int($1.dropLast(5)) ?? 0) }.map { name in
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: spool.url.appendingPathComponent(name)))
                as? [String: Any] ?? [:]
            let data = try Data(
                contentsOf: spool.url.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")))
            return Received(
                data: [UInt8](data), mailFrom: json["mail_from"] as? String ?? "",
                rcptTos: json["rcpt_tos"] as? [String] ?? [],
                connection: json["connection"] as? Int ?? 0, tls: json["tls"] as? Bool ?? false)
        }
    }
}
