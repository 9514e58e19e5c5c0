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

    func testAPortIsDecimalDigitsFrom1To65535AndNothingElse() {
        for (text, port) in [("1", 1), ("25", 25), ("587", 587), ("65535", 65535), ("00025", 25)] {
            XCTAssertEqual(SMTPSettings.port(text), port, text)
        }
        for text in [
            "", "0", "65536", "99999999999", "99999999999999999999999", "+25", "-1", " 25", "25 ", "2e3", "٢٥",
        ] {
            XCTAssertNil(SMTPSettings.port(text), text)
        }
    }

    func testTheURLsPortIsReadAsWritten() throws {
        let rows: [(String, Int?)] = [
            ("smtp://mail.example.org", 587), ("smtps://mail.example.org", 465), ("smtp://mail.example.org:2525", 2525),
            ("smtp://[::1]:2525", 2525), ("smtp://[::1]", 587), ("smtp://mail.example.org:2525/", 2525),
            ("smtp://mail.example.org:99999999999", nil), ("smtp://mail.example.org:0", nil),
            ("smtp://mail.example.org:", nil), ("smtp://[::1]:65536", nil),
        ]
        for (url, port) in rows {
            if let port {
                XCTAssertEqual(try SMTPSettings.parseURL(url).port, port, url)
            } else {
                XCTAssertThrowsError(try SMTPSettings.parseURL(url), url)
            }
        }
    }
}
