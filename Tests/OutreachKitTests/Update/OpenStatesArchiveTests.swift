import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

final class OpenStatesArchiveTests: XCTestCase {
    func testOnlyTheMembersTheImporterReadsAreUnpacked() {
        XCTAssertEqual(OpenStatesArchive.wanted("people-main/data/ca/legislature/Ana.yml"), "ca/legislature/Ana.yml")
        XCTAssertEqual(OpenStatesArchive.wanted("data/nh/municipalities/x.yml"), "nh/municipalities/x.yml")
        XCTAssertEqual(OpenStatesArchive.wanted("people-main/data/ca/municipalities.yml"), "ca/municipalities.yml")
        XCTAssertEqual(OpenStatesArchive.wanted("people-main/data/us/legislature/x.yml"), "us/legislature/x.yml")
        for path in [
            "people-main/data/ca/retired/x.yml", "people-main/scripts/x.py",
            "people-main/data/ca/legislature/../../../x.yml",
            "people-main/data/CA/legislature/x.yml", "people-main/data/us/municipalities/x.yml",
            "x/y/data/ca/legislature/a.yml",
            "people-main/data/ca/legislature/sub/x.yml", "",
        ] {
            XCTAssertNil(OpenStatesArchive.wanted(path), path)
        }
    }

    func testSourcesAreRecognizedByTheirFirstBytes() throws {
        let folder = try TemporaryDirectory()
        XCTAssertEqual(
            DataSource.recognize(URL(fileURLWithPath: try folder.write("a", Data([0x50, 0x4B, 0x03, 0x04, 0x14])))),
            .openstates)
        XCTAssertEqual(
            DataSource.recognize(
                URL(fileURLWithPath: try folder.write("b", "\u{FEFF}state_fips,state_abbr,zcta,cd\n"))), .zccd)
        XCTAssertEqual(
            DataSource.recognize(URL(fileURLWithPath: try folder.write("c", "---\n- id:\n    bioguide: X\n"))),
            .congressLegislators)
        XCTAssertNil(DataSource.recognize(URL(fileURLWithPath: try folder.write("d", "<html>"))))
        XCTAssertEqual(DataSource.allCases.map(\.url).filter { $0.hasPrefix("https://") }.count, 3)
    }

    func testHTTPDates() {
        XCTAssertEqual(RecipientsUpdater.httpDate("Sun, 06 Nov 1994 08:49:37 GMT")?.timeIntervalSince1970, 784_111_777)
        XCTAssertNil(RecipientsUpdater.httpDate("yesterday"))
    }
}
