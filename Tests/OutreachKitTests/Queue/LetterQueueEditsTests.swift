import GRDB
import XCTest

@testable import OutreachKit

/// Changes a person makes while a send run goes: a letter the run has claimed is left alone.
final class LetterQueueEditsTests: XCTestCase {
    func testAClaimedLetterIsLeftAloneOnlyWhileTheRunGoes() throws {
        let test = try TestQueue()
        try test.draft([.email, .email])
        try test.queue.write { writer in
            try writer.db.execute(
                sql: "INSERT INTO sendClaim (letterId, attempts, status, bootId) VALUES (1, 0, 'drafted', 'boot-1')")
        }
        var lock: SendLock? = try SendLock(database: test.queue.file)
        XCTAssertThrowsError(try test.queue.discard(ids: [1])) { error in
            XCTAssertEqual(error as? QueueError, .claimedBySend(id: 1, action: .discard))
            XCTAssertEqual((error as? QueueError)?.exitCode, ExitStatus.temporaryFailure)
        }
        XCTAssertThrowsError(try test.queue.markDeliveredByHand(ids: [1], via: .webForm, note: nil))
        XCTAssertEqual(try test.queue.discard(ids: [2]), [2], "a letter not claimed is discarded")
        XCTAssertEqual(try test.letter(1).status, .drafted)
        withExtendedLifetime(lock) {}
        lock = nil
        // No run holds the lock: the claim is a dead run's, and does not count.
        XCTAssertEqual(try test.queue.discard(ids: [1]), [1])
    }
}
