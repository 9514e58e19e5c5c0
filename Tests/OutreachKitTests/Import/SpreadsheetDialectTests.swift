import Foundation
import XCTest

@testable import OutreachKit

final class SpreadsheetDialectTests: XCTestCase {
    func testTheDelimiterComesFromTheHeaderRow() {
        XCTAssertEqual(SpreadsheetDialect.detectDelimiter(in: Data("a,b,c\n1;2;3;4;5\n".utf8)), 0x2C)
        XCTAssertEqual(SpreadsheetDialect.detectDelimiter(in: Data("a;b;\"c,d,e\"\n".utf8)), 0x3B)
        XCTAssertEqual(SpreadsheetDialect.detectDelimiter(in: Data("a\tb\tc,d\n".utf8)), 0x09)
        XCTAssertEqual(SpreadsheetDialect.detectDelimiter(in: Data("name\n".utf8)), 0x2C)
        XCTAssertEqual(SpreadsheetDialect.detectDelimiter(in: Data("a;b,c\n".utf8)), 0x2C, "a tie is a comma")
    }

    func testExcelsSeparatorLineAndLineEnds() {
        XCTAssertEqual(SpreadsheetDialect.separatorLine(in: Data("sep=;\r\nName;Email\r\n".utf8))?.delimiter, 0x3B)
        XCTAssertEqual(SpreadsheetDialect.separatorLine(in: Data("SEP=,\nName\n".utf8))?.length, 6)
        XCTAssertNil(SpreadsheetDialect.separatorLine(in: Data("separator,x\n".utf8)))
        XCTAssertEqual(SpreadsheetDialect.lineEnd(of: Data("a\r\nb".utf8)), "CRLF")
        XCTAssertEqual(SpreadsheetDialect.lineEnd(of: Data("a\nb".utf8)), "LF")
        XCTAssertEqual(SpreadsheetDialect.lineEnd(of: Data("a\rb".utf8)), "CR")
        XCTAssertEqual(try SpreadsheetDialect.delimiter(named: "tab"), 0x09)
        XCTAssertThrowsError(try SpreadsheetDialect.delimiter(named: "::"))
    }

    func testIdsAreStableAndAddressesComplete() {
        XCTAssertEqual(
            RowConverter.id(
                list: "council", email: "Jane.Doe@Springfield.example.org", name: "Jane", jurisdiction: "X"),
            "council/jane.doe@springfield.example.org")
        XCTAssertEqual(
            RowConverter.id(list: "sheriffs", email: "", name: "José Núñez", jurisdiction: "San Antonio"),
            "sheriffs/jose-nunez--san-antonio")
        XCTAssertEqual(
            RowConverter.id(list: "sheriffs", email: "", name: "JOSE NUNEZ", jurisdiction: "san antonio"),
            "sheriffs/jose-nunez--san-antonio")
        XCTAssertEqual(RowConverter.stateCode("california"), "CA")
        XCTAssertEqual(RowConverter.stateCode("il"), "IL")
        XCTAssertEqual(RowConverter.stateCode("U.S. Virgin Islands"), "VI")
        XCTAssertNil(RowConverter.stateCode("Atlantis"))
        XCTAssertEqual(
            RowConverter.postalAddress([
                "address": "1 Main St", "jurisdiction": "Peoria", "state": "IL", "zip": "61602",
            ]),
            "1 Main St\nPeoria, IL 61602")
        XCTAssertEqual(
            RowConverter.postalAddress([
                "address": "1 Main St, Peoria IL 61602", "jurisdiction": "Peoria", "zip": "61602",
            ]),
            "1 Main St, Peoria IL 61602")
        XCTAssertEqual(RowConverter.postalAddress(["jurisdiction": "Peoria"]), "")
    }
}
