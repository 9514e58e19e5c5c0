import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 18: an empty home is an error, never the real XDG folders; a home others can read is
/// refused with the chmod that fixes it.
final class PathsTests: XCTestCase {
    func testAnEmptyHomeIsAnError() {
        let environment = ["HOME": "/home/dana", "XDG_DATA_HOME": "/home/dana/.local/share"]
        for (home, variable) in [("", nil), ("  ", nil), (nil, ""), (nil, " ")] as [(String?, String?)] {
            var env = environment
            if let variable { env["OUTREACH_HOME"] = variable }
            XCTAssertThrowsError(try Paths(home: home, environment: env)) { error in
                guard case .badOption(let option, let reason, _) = error as? InputError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(option, home == nil ? "OUTREACH_HOME" : "--home")
                XCTAssertEqual(reason, "is empty")
                XCTAssertEqual((error as? InputError)?.exitCode, 64)
            }
        }
    }

    func testARelativeHomeIsTakenFromTheCurrentFolder() throws {
        let paths = try Paths(home: "some/where/../home", environment: [:])
        let current = FileManager.default.currentDirectoryPath
        XCTAssertEqual(paths.databaseFile.path, "\(current)/some/home/outreach.sqlite")
    }

    func testAHomeOthersCanReadIsRefused() throws {
        let folder = try TemporaryDirectory()
        let home = folder.url.appendingPathComponent("home")
        for mode in [0o755, 0o750, 0o711, 0o701] {
            try? FileManager.default.removeItem(at: home)
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false)
            chmod(home.path, mode_t(mode))
            XCTAssertThrowsError(try Paths(home: home.path, environment: [:])) { error in
                XCTAssertEqual(
                    error as? FileError, .notPrivate(path: home.path, mode: String(mode, radix: 8)),
                    String(mode, radix: 8))
                XCTAssertEqual((error as? FileError)?.exitCode, 78)
                XCTAssertTrue((error as? FileError)?.hint?.contains("chmod 700") ?? false)
            }
        }
        chmod(home.path, 0o700)
        XCTAssertNoThrow(try Paths(home: home.path, environment: [:]))
        // Not made yet: outreach makes it 0700.
        XCTAssertNoThrow(try Paths(home: folder.path("new-home"), environment: [:]))
    }
}
