import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 18: no input file is read without bound: devices and folders are refused, and sizes
/// and lines have limits (InputLimits), each with a clear error.
final class InputFileTests: XCTestCase {
    func testDevicesFoldersAndPipesAreRefusedBeforeReading() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(try InputFile.data(atPath: "/dev/zero", what: "the note", limit: 10)) { error in
            XCTAssertEqual(error as? InputError, .notAFile(path: "/dev/zero", kind: "a character device"))
        }
        XCTAssertThrowsError(try InputFile.data(atPath: folder.url.path, what: "the note", limit: 10)) { error in
            XCTAssertEqual(error as? InputError, .notAFile(path: folder.url.path, kind: "a folder"))
        }
        let fifo = folder.path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try InputFile.data(atPath: fifo, what: "the template", limit: 10)) { error in
            XCTAssertEqual(error as? InputError, .notAFile(path: fifo, kind: "a named pipe"))
        }
        XCTAssertThrowsError(try RecipientLists(path: "/dev/zero")) { error in
            XCTAssertEqual(error as? InputError, .notAFile(path: "/dev/zero", kind: "a character device"))
        }
    }

    func testSizesAndLinesHaveLimits() throws {
        let folder = try TemporaryDirectory()
        let big = try folder.write("big.txt", String(repeating: "word\n", count: 3000))
        XCTAssertThrowsError(try InputFile.data(atPath: big, what: "the note", limit: 10_000)) { error in
            XCTAssertEqual(error as? InputError, .fileTooLarge(path: big, what: "the note", limit: 10_000))
        }
        XCTAssertEqual(try InputFile.data(atPath: big, what: "the note", limit: 15_000).count, 15_000)
        let long = try folder.write("long.txt", "fine\n" + String(repeating: "x", count: InputLimits.lineBytes + 1))
        XCTAssertThrowsError(try InputFile.text(atPath: long, what: "the note", limit: 1 << 20)) { error in
            XCTAssertEqual(
                error as? InputError,
                .lineTooLong(location: SourceLocation(file: long, line: 2), limit: InputLimits.lineBytes))
        }
        let latin1 = try folder.write(
            "latin1.txt", Data("one\ntwo\nd\u{E9}j\u{E0}\n".utf8.map { $0 }) + Data([0xE9, 0x0A]))
        XCTAssertThrowsError(try InputFile.text(atPath: latin1, what: "the note", limit: 100)) { error in
            XCTAssertEqual(
                error as? InputError,
                .notUTF8(location: SourceLocation(file: latin1, line: 4), detail: "the note is not UTF-8 text"))
        }
    }

    func testARecipientFileWithoutLineBreaksIsRefusedAtTheBound() throws {
        let folder = try TemporaryDirectory()
        let header = RecipientColumn.required.joined(separator: ",")
        let noBreaks = try folder.write("a.csv", header + "\n" + String(repeating: "x", count: 3 << 20))
        XCTAssertThrowsError(try RecipientReader(path: noBreaks).forEachRow { _ in }) { error in
            XCTAssertEqual(
                error as? InputError,
                .lineTooLong(location: SourceLocation(file: noBreaks, line: 2), limit: InputLimits.lineBytes))
        }
        // Short lines inside one quoted field: the row is what grows.
        let openQuote = try folder.write("b.csv", header + "\n\"" + String(repeating: "line\n", count: 300_000))
        XCTAssertThrowsError(try RecipientReader(path: openQuote).forEachRow { _ in }) { error in
            XCTAssertEqual(
                error as? InputError,
                .rowTooLong(location: SourceLocation(file: openQuote, line: 2), limit: InputLimits.recipientRowBytes))
        }
    }
}
