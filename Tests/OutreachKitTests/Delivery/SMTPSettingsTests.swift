import XCTest

@testable import OutreachKit

final class SMTPSettingsTests: XCTestCase {
    func testLoopbackMeansALoopbackAddressNotANameThatLooksLikeOne() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"] {
            XCTAssertTrue(SMTPSettings.isLoopback(host), host)
        }
        for host in [
            "127.example.com", "127.0.0.1.example.com", "10.0.0.1", "128.0.0.1", "::2", "[::]", "example.org", "",
        ] {
            XCTAssertFalse(SMTPSettings.isLoopback(host), host)
        }
    }
}
