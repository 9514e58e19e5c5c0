import Foundation

/// A real HTTPS file server (Python's http.server in TLS, Tests/Scripts/https_server.py) on
/// 127.0.0.1 and a free port, serving the files of `root`, started for one test and stopped when
/// released. See the script for the paths that misbehave on purpose (`/truncated/`, `/stall/`,
/// `/redirect/`, `/to-http/`).
public final class HTTPSTestServer {
    /// One request as the server logged it.
    public struct Request: Decodable, Equatable {
        public var path: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // The keys https_server.py logs.
        public var if_none_match: String?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        public var if_modified_since: String?
        public var status: Int
    }

    public var port: Int { server.port }
    /// The folder served.
    public let root: TemporaryDirectory
    public let spool: TemporaryDirectory
    private let server: ScriptServer

    /// Starts the server with the certificate `certificate` of `certificates` (`good`,
    /// `wronghost`, `expired`, `selfsigned`) and waits for its READY line.
    public init(certificates: TestCertificates, certificate: String = "good") throws {
        root = try TemporaryDirectory("outreach-www")
        spool = try TemporaryDirectory("outreach-www-spool")
        server = try ScriptServer(
            "https_server.py",
            ["--root", root.url.path, "--spool", spool.url.path] + certificates.certificate(certificate),
            name: "the test HTTPS server")
    }

    /// Stops the server.
    /// Stops the server before its folders go: its script stops what it started (Postfix's and
    /// Dovecot's daemons, by the pid files in those folders), which it cannot do once they are gone.
    deinit { server.stop() }

    public func stop() { server.stop() }

    /// `https://127.0.0.1:PORT/PATH`.
    public func url(_ path: String) -> String { "https://127.0.0.1:\(port)/\(path)" }

    /// Every request so far, in order.
    public func requests() throws -> [Request] {
        guard let text = try? String(contentsOfFile: spool.path("requests.log"), encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// True once a `/stall/` response has sent its first bytes and is waiting.
    public var isStalling: Bool { FileManager.default.fileExists(atPath: spool.path("stalling")) }

    /// Lets stalled responses finish.
    public func release() {
        FileManager.default.createFile(atPath: spool.path("release"), contents: nil)
    }
}
