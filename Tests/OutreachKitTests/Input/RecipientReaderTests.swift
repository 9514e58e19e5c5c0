import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

final class RecipientReaderTests: XCTestCase {
    private let header = RecipientColumn.required.joined(separator: ",")

    private func row(_ id: String, name: String = "Ann", address: String = "1 Main") -> String {
        "\(id),mayor,\(name),Ann,Lee,Mayor,Town,IL,,,a@example.org,,555,\(address),,test"
    }

    func testBOMCRLFAndQuotedLineBreaksWithLineNumbers() throws {
        let folder = try TemporaryDirectory()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(
            Data(
                "\(header),extra\r\n\(row("a", address: "\"1 Main\r\nSuite 2\"")),x\r\n\(row("b", name: "\"Lee, \"\"Ann\"\"\"")),y\r\n\r\n\(row("c")),z\r\n"
                    .utf8))
        let path = try folder.write("r.csv", data)
        let rows = try RecipientReader(path: path).readAll()
        XCTAssertEqual(rows.map(\.id), ["a", "b", "c"])
        XCTAssertEqual(rows.map(\.line), [2, 4, 6])
        XCTAssertEqual(rows[0].address, "1 Main\r\nSuite 2")
        XCTAssertEqual(rows[1].name, "Lee, \"Ann\"")
        XCTAssertEqual(rows[2]["extra"], "z")
        XCTAssertEqual(rows[0].header.columns.first, "id", "the BOM is not part of the first column's name")
    }

    func testFolderReadsEveryCSVInOrder() throws {
        let folder = try TemporaryDirectory()
        try folder.write("lists/b.csv", "\(header)\n\(row("b"))\n")
        try folder.write("lists/a.csv", "\(header)\n\(row("a"))\n")
        try folder.write("lists/notes.txt", "ignored")
        let reader = try RecipientReader(path: folder.path("lists"))
        XCTAssertEqual(reader.files.map { ($0 as NSString).lastPathComponent }, ["a.csv", "b.csv"])
        XCTAssertEqual(try reader.readAll().map(\.id), ["a", "b"])
    }

    func testEmptyFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("r.csv", "")
        XCTAssertThrowsError(try RecipientReader(path: path).readAll()) { error in
            XCTAssertEqual((error as? InputError)?.message, "\(path):1: header row is missing: the file is empty")
        }
    }

    func testUTF16IsNamed() throws {
        let folder = try TemporaryDirectory()
        var data = Data([0xFF, 0xFE])
        data.append(header.data(using: .utf16LittleEndian) ?? Data())
        let path = try folder.write("r.csv", data)
        XCTAssertThrowsError(try RecipientReader(path: path).readAll()) { error in
            XCTAssertEqual(
                (error as? InputError)?.message, "\(path):1: not UTF-8: the file starts with a UTF-16 byte-order mark")
        }
    }

    func testMultiByteCharacterAcrossTheReadBufferIsFine() throws {
        let folder = try TemporaryDirectory()
        // 256 KiB is the read size: put "é" across it, in a row that crosses it.
        var text = "\(header)\n"
        let filler = row("a", name: String(repeating: "x", count: 100))
        while text.utf8.count < (1 << 18) - 200 {
            text += filler.replacingOccurrences(of: ",mayor,", with: "\(text.utf8.count),mayor,") + "\n"
        }
        let pad = (1 << 18) - 1 - text.utf8.count - "zz,mayor,".utf8.count
        text += "zz,mayor,\(String(repeating: "y", count: pad))é,Ann,Lee,Mayor,Town,IL,,,a@example.org,,555,1,,test\n"
        let path = try folder.write("r.csv", text)
        let rows = try RecipientReader(path: path).readAll()
        XCTAssertTrue(rows.last?.name.hasSuffix("é") ?? false)
    }
}
