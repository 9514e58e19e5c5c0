import XCTest

@testable import OutreachKit

/// The rule "show the first 20 problems, count the rest", and how problems are thrown.
final class ProblemCollectorTests: XCTestCase {
    private func problem(_ line: Int) -> InputError {
        .unterminatedQuote(location: SourceLocation(file: "r.csv", line: line))
    }

    func testTheFirstTwentyAreKeptAndTheRestCounted() {
        for (count, kept) in [(0, 0), (1, 1), (20, 20), (21, 20), (500, 20)] {
            var problems = ProblemCollector()
            for line in 0..<count { problems.record(problem(line)) }
            XCTAssertEqual(problems.kept.count, kept, "\(count) problems")
            XCTAssertEqual(problems.total, count)
            XCTAssertEqual(problems.isEmpty, count == 0)
            XCTAssertEqual(
                problems.kept.compactMap { ($0 as? InputError).map { error in error.message } },
                (0..<kept).map { problem($0).message }, "in the order found")
        }
    }

    func testCollectorsAddUpInOrder() {
        var first = ProblemCollector()
        for line in 0..<15 { first.record(problem(line)) }
        var second = ProblemCollector()
        for line in 15..<40 { second.record(problem(line)) }
        var all = ProblemCollector()
        all.record(contentsOf: first)
        all.record(contentsOf: second)
        XCTAssertEqual(all.total, 40)
        XCTAssertEqual(all.kept.map(\.message), (0..<20).map { problem($0).message })
    }

    func testOneProblemIsThrownAsItIsAndSeveralAsAList() throws {
        XCTAssertNoThrow(try ProblemCollector().throwIfAny())
        var one = ProblemCollector()
        one.record(problem(7))
        XCTAssertThrowsError(try one.throwIfAny()) { XCTAssertEqual($0 as? InputError, self.problem(7)) }
        var many = ProblemCollector()
        for line in 0..<25 { many.record(problem(line)) }
        XCTAssertThrowsError(try many.throwIfAny()) { error in
            let list = error as? ProblemList
            XCTAssertEqual(list?.problems.count, 20)
            XCTAssertEqual(list?.total, 25)
            XCTAssertEqual(
                list?.message, "r.csv:0: a quoted field starts here and is never closed (and 24 more problems)")
        }
    }
}
