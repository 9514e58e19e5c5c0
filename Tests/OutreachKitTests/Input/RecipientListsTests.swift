import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Which lists are read: shipped, downloaded (when as new or newer), and your own.
final class RecipientListsTests: XCTestCase {
    private let header = RecipientColumn.required.joined(separator: ",") + "\n"

    func testDownloadedListsReplaceShippedOnesOnlyWhenAsNewAndYoursAreAdded() throws {
        let folder = try TemporaryDirectory()
        for name in ["mayors.csv", "congress.csv", "state-legislators-ca.csv"] {
            try folder.write("shipped/\(name)", header)
        }
        try folder.write("shipped/zip-districts.tsv", "")
        try folder.write(
            "shipped/data-dates.tsv",
            "# h\nmayors.csv\t2026-08-05\tr\ncongress.csv\t2026-06-15\tr\nstate-legislators-ca.csv\t2026-08-05\tr\nzip-districts.tsv\t2024-11-12\tr\n"
        )
        try folder.write("set/mayors.csv", header)
        try folder.write("set/congress.csv", header)
        try folder.write("set/zip-districts.tsv", "")
        try folder.write(
            "set/data-dates.tsv",
            "# h\nmayors.csv\t2026-11-01\tr\topenstates\tu\t2026-11-01\ncongress.csv\t2026-01-01\tr\tcongress-legislators\tu\t2026-11-01\nzip-districts.tsv\t2024-11-12\tr\tzccd\tu\t2026-11-01\n"
        )
        try folder.write("mine/council.csv", header)
        let lists = try RecipientLists(
            shipped: folder.url.appendingPathComponent("shipped"), downloaded: folder.url.appendingPathComponent("set"),
            yours: folder.url.appendingPathComponent("mine"))
        XCTAssertEqual(
            lists.lists.map { "\(($0.path as NSString).lastPathComponent) \($0.origin.rawValue)" },
            [
                "congress.csv shipped", "mayors.csv downloaded", "state-legislators-ca.csv shipped",
                "council.csv yours",
            ])
        XCTAssertEqual(lists.zipDistrictsFile, folder.path("set/zip-districts.tsv"), "as new: the downloaded table")
        // Stale notes: one line per refresh command, from the later of the data date and the last check.
        let later = Date(timeIntervalSince1970: 1_830_000_000)  // 2027-12-28
        let notes = lists.staleNotes(today: later)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(
            notes.first?.hasSuffix(
                "and 2 more lists hold data as of 2026-06-15, more than 6 months ago; officials may have changed. Refresh: r"
            ) ?? false, "\(notes)")
    }

    func testNoListAnywhereSaysWhereItLooked() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(
            try RecipientLists(
                shipped: nil, downloaded: nil, yours: folder.url.appendingPathComponent("mine"),
                searched: ["/opt/x/share/outreach"])
        ) { error in
            XCTAssertEqual(
                (error as? InputError)?.message,
                "no recipient lists: none shipped beside this program (looked in /opt/x/share/outreach), and none of your own in \(folder.path("mine"))"
            )
        }
    }
}
