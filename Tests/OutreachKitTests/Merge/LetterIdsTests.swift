import Foundation
import OutreachKit
import XCTest

final class LetterIdsTests: XCTestCase {
    func testRunsOfIdsReadAndWriteAsAPlainJSONArray() throws {
        var ids = LetterIds()
        for id: Int64 in [1, 2, 3, 7, 8, 20] { ids.append(id) }
        XCTAssertEqual(Array(ids), [1, 2, 3, 7, 8, 20])
        XCTAssertEqual(ids.count, 6)
        XCTAssertEqual(ids.first, 1)
        XCTAssertEqual(Array(ids.prefix(4)), [1, 2, 3, 7])
        let json = try JSONEncoder().encode(ids)
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "[1,2,3,7,8,20]")
        XCTAssertEqual(try JSONDecoder().decode(LetterIds.self, from: json), ids)
        XCTAssertNil(LetterIds().first)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(LetterIds()), as: UTF8.self), "[]")
    }
}
