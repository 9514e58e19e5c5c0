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

    public let port: Int
    /// The folder served.
    public let root: TemporaryDirectory
    public let spool: TemporaryDirectory
    private let process: Process

    /// Starts the server with the certificate `certificate` of `certificates` (`good`,
    /// `wronghost`, `expired`, `selfsigned`) and waits for its READY line.
    public init(certificates: TestCertificates, certificate: String = "good") throws {
        root = try TemporaryDirectory("outreach-www")
        spool = try TemporaryDirectory("outreach-www-spool")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments =
            ["\(Repository.scripts)/https_server.py", "--root", root.url.path, "--spool", spool.url.path]
            + certificates.certificate(certificate)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
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
            throw NSError(
                domain: "HTTPSTestServer", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "the test HTTPS server did not start: '\(text)'"])
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

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
