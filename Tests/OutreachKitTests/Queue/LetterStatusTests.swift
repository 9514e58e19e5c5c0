import XCTest

@testable import OutreachKit

/// Which changes each status allows, and what the history records, on plain values.
final class LetterStatusTests: XCTestCase {
    func testOpenStatusesAreTheOnesNotDeliveredAndNotGivenUp() {
        XCTAssertEqual(LetterStatus.open, [.drafted, .deferred, .failed, .unknown])
    }

    func testEachActionIsAllowedFromItsStatuses() {
        // status → (edit, discard, mark delivered by hand)
        let rows: [(LetterStatus, Bool, Bool, Bool)] = [
            (.drafted, true, true, true), (.sending, false, false, false), (.sent, false, false, false),
            (.deferred, false, true, true), (.failed, false, true, true), (.unknown, false, true, true),
            (.discarded, false, false, false), (.deliveredByHand, false, false, false),
            (.replied, false, false, false), (.bounced, false, false, false),
        ]
        XCTAssertEqual(rows.map(\.0), LetterStatus.allCases)
        for (status, edit, discard, mark) in rows {
            XCTAssertEqual(LetterAction.edit.allowedFrom.contains(status), edit, "edit \(status)")
            XCTAssertEqual(LetterAction.discard.allowedFrom.contains(status), discard, "discard \(status)")
            XCTAssertEqual(LetterAction.markDeliveredByHand.allowedFrom.contains(status), mark, "mark \(status)")
        }
    }

    func testTheQueueRefusesWhatAStatusDoesNotAllow() throws {
        for status in LetterStatus.allCases {
            let test = try TestQueue()
            try test.draft([.email, .email])
            try test.set(1, status: status)
            let queue = test.queue
            let attempts: [(LetterAction, () throws -> Void)] = [
                (.discard, { try queue.discard(ids: [1, 2]) }),
                (.markDeliveredByHand, { try queue.markDeliveredByHand(ids: [1, 2], via: .postal, note: nil) }),
                (.edit, { try queue.applyEdit(id: 1, text: "Subject: Changed\n\nDear Mayor, thank you.\n") }),
            ]
            for (action, attempt) in attempts where action != .discard || status != .discarded {
                try test.set(1, status: status)
                try test.set(2, status: .drafted)
                if action.allowedFrom.contains(status) {
                    XCTAssertNoThrow(try attempt(), "\(action) from \(status)")
                } else {
                    XCTAssertThrowsError(try attempt(), "\(action) from \(status)") { error in
                        XCTAssertEqual(error as? QueueError, .wrongStatus(id: 1, status: status, action: action))
                    }
                    XCTAssertEqual(try test.letter(2).status, .drafted, "all or none: \(action) from \(status)")
                }
            }
        }
    }

    func testWrongStatusSaysWhatIsAllowed() {
        let rows: [(LetterAction, String, String)] = [
            (
                .edit, "letter 3 is sent and cannot be edited",
                "only drafted letters can be edited; see: outreach queue --status drafted"
            ),
            (
                .discard, "letter 3 is sent and cannot be discarded",
                "only letters not yet delivered (drafted, deferred, failed, unknown) can be discarded; see: outreach queue"
            ),
            (
                .markDeliveredByHand, "letter 3 is sent and cannot be marked delivered by hand",
                "only letters not yet delivered (drafted, deferred, failed, unknown) can be marked; see: outreach log"
            ),
        ]
        for (action, message, hint) in rows {
            let error = QueueError.wrongStatus(id: 3, status: .sent, action: action)
            XCTAssertEqual(error.message, message)
            XCTAssertEqual(error.hint, hint)
            XCTAssertEqual(error.exitCode, 65)
        }
    }

    func testEachStatusChangeIsRecordedAsItsOwnKind() {
        for status in LetterStatus.allCases { XCTAssertEqual(EventKind(status).rawValue, status.rawValue) }
    }

    func testEachMessageReadFromTheMailboxIsRecordedAsItsOwnKind() {
        let rows: [(InboundRecord.Kind, EventKind)] = [
            (.replied, .replied), (.autoReplied, .autoReplied), (.bounced, .bounced), (.delayed, .delayed),
        ]
        XCTAssertEqual(rows.map(\.0), InboundRecord.Kind.allCases)
        for (kind, event) in rows {
            XCTAssertEqual(EventKind(kind), event)
            XCTAssertEqual(event.rawValue, kind.rawValue, "inboundMessage.kind and event.kind agree")
        }
    }
}
