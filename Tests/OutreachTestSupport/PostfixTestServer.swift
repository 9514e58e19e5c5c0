import Foundation

/// A real MTA for the tests: Postfix's smtpd from a private configuration folder
/// (Tests/Scripts/postfix_server.py), on 127.0.0.1 and a free port, STARTTLS required with the
/// throwaway CA's `good` certificate, AUTH through a private Dovecot's SASL service, everything
/// accepted thrown away (`default_transport = discard`); stopped when released.
public final class PostfixTestServer {
    public var port: Int { server.port }
    /// The folder holding Postfix's and Dovecot's configuration, queue and logs.
    public let base: TemporaryDirectory
    private let server: ScriptServer

    /// Starts Postfix (and Dovecot for SASL) and waits for its READY line.
    /// - Parameters:
    ///   - user: the login Postfix accepts.
    ///   - password: its password.
    ///   - certificates: the throwaway CA's certificates; the server uses `good`.
    ///   - closeAfter: messages a connection may carry before Postfix answers 421 and closes it.
    ///   - messageRateLimit: `smtpd_client_message_rate_limit` (messages a minute).
    /// - Throws: what starting the process throws; an `NSError` with the output when it does not
    ///   report READY.
    public init(
        user: String, password: String, certificates: TestCertificates, closeAfter: Int? = nil,
        messageRateLimit: Int? = nil
    ) throws {
        base = try TemporaryDirectory("outreach-postfix")
        var arguments = [
            "--base", base.url.path, "--user", user, "--password", password,
            "--cert", certificates.folder.path("good.pem"), "--key", certificates.folder.path("good.key"),
        ]
        if let closeAfter { arguments += ["--close-after", String(closeAfter)] }
        if let messageRateLimit { arguments += ["--message-rate-limit", String(messageRateLimit)] }
        server = try ScriptServer("postfix_server.py", arguments, name: "Postfix")
    }

    /// Stops Postfix and Dovecot and waits until the script is gone.
    /// Stops the server before its folders go: its script stops what it started (Postfix's and
    /// Dovecot's daemons, by the pid files in those folders), which it cannot do once they are gone.
    deinit { server.stop() }

    public func stop() { server.stop() }

    /// Postfix's log (maillog_file), as written so far.
    public var log: String {
        (try? String(contentsOfFile: base.path("postfix.log"), encoding: .utf8)) ?? ""
    }

    /// The envelope recipients Postfix delivered (to its `discard` transport), in the order its queue
    /// manager delivered them (not always the order they arrived in): one
    /// per message and recipient that arrived.
    public var delivered: [String] {
        log.split(separator: "\n").filter { $0.contains("postfix/discard[") && $0.contains("status=sent") }.compactMap {
            line in
            guard let start = line.range(of: "to=<"), let end = line[start.upperBound...].firstIndex(of: ">") else {
                return nil
            }
            return String(line[start.upperBound..<end])
        }
    }

    /// The SMTP sessions that ended, each as smtpd's `disconnect from` line counts its commands
    /// (`ehlo=2 starttls=1 auth=1 mail=2 rcpt=2 data=2 quit=1 commands=11`): only those that said
    /// EHLO, so the script's own check that smtpd greets is not one.
    public var sessions: [String] {
        log.split(separator: "\n").filter { $0.contains("postfix/smtpd[") && $0.contains(": disconnect from ") }
            .compactMap {
                line in
                guard let start = line.range(of: "ehlo=") else { return nil }
                return String(line[start.lowerBound...])
            }
    }
}
