import Foundation

/// A throwaway CA and server certificates (Tests/Scripts/make_certs.py): `ca.pem`, and
/// `good`, `wronghost`, `expired`, `selfsigned` (each `.pem` and `.key`).
public final class TestCertificates {
    public let folder: TemporaryDirectory

    public init() throws {
        folder = try TemporaryDirectory("outreach-certs")
        let result = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"), ["\(Repository.scripts)/make_certs.py", folder.url.path],
            in: folder.url.path)
        guard result.status == 0 else {
            throw NSError(domain: "TestCertificates", code: 1, userInfo: [NSLocalizedDescriptionKey: result.stderr])
        }
    }

    public var ca: String { folder.path("ca.pem") }
    public func certificate(_ name: String) -> [String] {
        ["--cert", folder.path("\(name).pem"), "--key", folder.path("\(name).key")]
    }
}
