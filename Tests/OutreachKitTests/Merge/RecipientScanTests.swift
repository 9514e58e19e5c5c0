import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// The scan's duplicate checks give the same answers once the ids and addresses seen have moved
/// from memory to the temporary file (`SeenKeys`), as they do at 65,536 rows and more.
final class RecipientScanTests: XCTestCase {
    private let header = RecipientColumn.required.joined(separator: ",")

    private func row(_ id: String, email: String) -> String {
        "\(id),mayor,Ann Lee,Ann,Lee,Mayor,Town \(id),IL,,,\(email),,555,1 Main,,test"
    }

    private func scan(_ path: String, seenInMemory: Int) -> [RecipientScan.Chunk] {
        let scan = RecipientScan(
            reader: try! RecipientReader(path: path), selection: RecipientSelection(role: .mayor, anywhere: true),
            today: "2026-01-01", chunkSize: 64, seenInMemory: seenInMemory)
        scan.start()
        var chunks: [RecipientScan.Chunk] = []
        while let chunk = scan.next() { chunks.append(chunk) }
        return chunks
    }

    func testDuplicatesFarApartAreFoundAfterTheKeysMoveToTheFile() throws {
        let folder = try TemporaryDirectory()
        var a = [header]
        for index in 0..<500 { a.append(row("a\(index)", email: "m\(index)@example.org")) }
        a.append(row("a7", email: "other@example.org"))  // line 502: id of line 9
        a.append(row("late", email: "M3@Example.org"))  // line 503: address of line 5
        try folder.write("lists/a.csv", a.joined(separator: "\n") + "\n")
        var b = [header]
        for index in 0..<300 { b.append(row("b\(index)", email: "b\(index)@example.org")) }
        b.append(row("b-same-office", email: "m42@example.org"))  // another list: one office, left out
        try folder.write("lists/b.csv", b.joined(separator: "\n") + "\n")

        for limit in [1 << 16, 10] {
            let chunks = scan(folder.path("lists"), seenInMemory: limit)
            XCTAssertNil(chunks.last?.error)
            let messages = chunks.flatMap { $0.problems.kept.map(\.message) }
            XCTAssertEqual(messages.count, 2, "\(messages)")
            XCTAssertTrue(messages[0].contains("a.csv:502: id 'a7' is already used at "), messages[0])
            XCTAssertTrue(messages[0].hasSuffix("a.csv:9"), messages[0])
            XCTAssertTrue(messages[1].contains("a.csv:503: field 'email'"), messages[1])
            XCTAssertTrue(
                messages[1].contains("is also the address of ") && messages[1].contains("a.csv:5;"), messages[1])
            XCTAssertEqual(chunks.flatMap(\.sameOffice).map(\.id), ["b-same-office"])
            XCTAssertEqual(chunks.flatMap(\.selected).count, 800, "limit \(limit)")
        }
    }
}
