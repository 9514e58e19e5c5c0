import XCTest

@testable import OutreachKit

/// How far ahead a run claims letters, as a table: no database, no disk.
final class ClaimWindowTests: XCTestCase {
    /// Hands over `count` letters in order, committing each change; `waits` says which
    /// letters' content had to wait for their claim. Returns the claimed-and-not-released count
    /// after each commit.
    private func run(_ window: inout ClaimWindow, count: Int, waits: Set<Int>) -> [Int] {
        var outstanding: [Int] = []
        for index in 0..<count {
            let change = window.change(handingOver: index, finished: index)
            window.committed(change, as: UInt64(index + 1))
            XCTAssertNotNil(window.commit(claiming: index), "letter \(index) is claimed by its hand-over")
            outstanding.append(window.claimedThrough - window.releasedThrough)
            if waits.contains(index) { window.waited() }
        }
        return outstanding
    }

    func testTheFirstLetterIsClaimedAloneAndTheWindowGrowsOnlyWhenAContentWaited() {
        let window = ClaimWindow(total: 1000, interval: 0)
        let first = window.change(handingOver: 0, finished: 0)
        XCTAssertEqual(first, ClaimWindow.Change(claim: 0..<1, release: 0..<0))
        var quiet = ClaimWindow(total: 1000, interval: 0)
        XCTAssertEqual(Set(run(&quiet, count: 50, waits: [])), [1], "no wait, no claim ahead")
        var waiting = ClaimWindow(total: 1000, interval: 0)
        let outstanding = run(&waiting, count: 300, waits: Set(0..<300))
        XCTAssertEqual(waiting.ahead, ClaimWindow.limit - ClaimWindow.batch - 2, "grown to its most")
        XCTAssertLessThanOrEqual(outstanding.max() ?? 0, ClaimWindow.limit, "never more claimed than the limit")
        XCTAssertGreaterThan(outstanding.last ?? 0, waiting.ahead, "the letters ahead stay claimed")
    }

    func testClaimsGoInBatchesAndAreReleasedWithTheOutcomes() {
        var window = ClaimWindow(total: 1000, interval: 0)
        _ = run(&window, count: 200, waits: Set(0..<10))
        // Top-ups come at least `batch` letters at a time, and release everything finished.
        let change = window.change(handingOver: 200, finished: 200)
        if !change.claim.isEmpty {
            XCTAssertGreaterThanOrEqual(change.claim.count, ClaimWindow.batch)
            XCTAssertEqual(change.release.upperBound, 200)
        }
        var writes = 0
        for index in 200..<400 {
            let change = window.change(handingOver: index, finished: index)
            if !change.claim.isEmpty { writes += 1 }
            window.committed(change, as: UInt64(index + 1))
        }
        XCTAssertLessThanOrEqual(writes, 200 / ClaimWindow.batch + 1, "one write of claims per batch")
    }

    func testAPacedRunClaimsEachLetterAtItsHandOver() {
        var window = ClaimWindow(total: 100, interval: 3)
        XCTAssertFalse(window.pipelined)
        XCTAssertEqual(Set(run(&window, count: 100, waits: Set(0..<100))), [1], "one letter at a time, waits or not")
        XCTAssertTrue(ClaimWindow(total: 100, interval: 0.05).pipelined, "1,200 a minute is fast")
    }

    func testTheEndOfThePlanBoundsTheClaims() {
        var window = ClaimWindow(total: 5, interval: 0)
        _ = run(&window, count: 5, waits: Set(0..<5))
        XCTAssertEqual(window.claimedThrough, 5)
    }
}
