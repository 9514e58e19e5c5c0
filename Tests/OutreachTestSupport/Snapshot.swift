import Foundation
import XCTest

/// Golden files: exact output compared with a file in `Tests/Snapshots/`.
///
/// `RECORD_SNAPSHOTS=1 script/test` (or `swift test`) writes every file anew from the output;
/// review the difference with `git diff Tests/Snapshots` before committing it.
public enum Snapshot {
    /// `Tests/Snapshots/`.
    public static let folder = Repository.root.appendingPathComponent("Tests/Snapshots")

    /// True when `RECORD_SNAPSHOTS` is set to anything but `0` or nothing.
    public static var recording: Bool {
        let value = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Fails the test unless `text` is exactly the file `name`; records it instead when
    /// `recording`.
    public static func assertMatches(
        _ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return XCTFail(
                "no golden file Tests/Snapshots/\(name); record it with RECORD_SNAPSHOTS=1", file: file, line: line)
        }
        let expected = String(decoding: data, as: UTF8.self)
        if text != expected {
            XCTFail(
                "output differs from Tests/Snapshots/\(name) (RECORD_SNAPSHOTS=1 records it anew):\n--- expected\n\(expected)--- got\n\(text)",
                file: file, line: line)
        }
    }
}
