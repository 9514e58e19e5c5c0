import Foundation
import XCTest

@testable import OutreachKit

/// The recipient scan's duplicate checks stay right once the keys move to the temporary file.
final class SeenKeysTests: XCTestCase {
    func testEveryKeyIsFoundWithItsFirstPlaceAfterMovingToTheFile() throws {
        let seen = SeenKeys(memoryLimit: 100)
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<5_000).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
        for (line, key) in keys.enumerated() {
            XCTAssertNil(try seen.place(of: key))
            try seen.insert(key, at: SeenKeys.Place(file: Int32(line % 3), line: Int32(line)))
        }
        for (line, key) in keys.enumerated() {
            XCTAssertEqual(
                try seen.place(of: key), SeenKeys.Place(file: Int32(line % 3), line: Int32(line)), "key \(line)")
        }
        let known = Set(keys)
        var falsePlaces = 0
        for _ in 0..<5_000 {
            let key = UInt64.random(in: .min ... .max, using: &generator)
            if !known.contains(key), try seen.place(of: key) != nil { falsePlaces += 1 }
        }
        XCTAssertEqual(falsePlaces, 0, "a key never inserted was found")
        // The extremes of the key space (stored as SQLite's signed integers).
        for key in [UInt64.max, 0, 1 << 63] {
            XCTAssertNil(try seen.place(of: key))
            try seen.insert(key, at: SeenKeys.Place(file: 7, line: 9))
        }
        for _ in 0..<200 {
            try seen.insert(UInt64.random(in: .min ... .max, using: &generator), at: .init(file: 0, line: 0))
        }
        for key in [UInt64.max, 0, 1 << 63] {
            XCTAssertEqual(try seen.place(of: key), SeenKeys.Place(file: 7, line: 9))
        }
    }
}
