import Foundation
import GRDB

/// What a send run finds left by a run that died, and what it does about it before it sends
/// anything. It is read without writing (so `send --dry-run` shows it), then applied in one
/// transaction (`Deliverer.recover`).
///
/// - An outcome the dead run noted (`HandOverLog`) or kept beside the queue
///   (`UnrecordedOutcomes`) is recorded, unless the queue already has it: a letter the server
///   accepted becomes `sent`.
/// - A letter noted as on its way without an outcome, or left `sending`, becomes `unknown`: its
///   content may have reached the server.
/// - After a power loss or a crash of the system (the run was of an earlier boot, so its notes
///   and its last commits may be gone), a claimed letter (`sendClaim`) whose outcome the queue
///   does not have becomes `unknown` too. (A run of this boot left every note it made: its
///   claimed letters that were never noted as on their way never went.)
///
/// A letter's envelope recipients follow its status: a recorded outcome brings the states of the
/// recipients the server answered; a letter marked `unknown` has each recipient its lost
/// hand-over went to (`EnvelopeRecipient.isTarget`, by the status the letter was claimed in)
/// marked `unknown` too, while one already accepted stays so (a retry never goes to it).
///
/// At most `ClaimWindow.limit` letters are claimed at any commit, so a power loss leaves at
/// most that many uncertain; a kill, at most the one letter on its way.
public struct SendRecovery: Sendable {
    /// Why a letter is uncertain.
    public enum Cause: Sendable, Equatable {
        /// It was being sent when a run ended (killed, crashed, or stopped by a failure).
        case endedWhileSending
        /// It was claimed by a run that the system's stop (a power loss, a reset, a crash of the
        /// system) ended: whether it went cannot be known.
        case systemStopped

        /// The text recorded as the letter's last reply and in its history.
        public var reason: String {
            switch self {
            case .endedWhileSending:
                return "a send run ended while this letter was being sent; it may have arrived"
            case .systemStopped:
                return
                    "the system stopped (a power loss or a crash) while a send run had claimed this letter; it may have arrived"
            }
        }
    }

    /// A letter to mark `unknown`.
    public struct Uncertain: Sendable, Equatable {
        public var id: Int64
        public var cause: Cause
        /// Its attempts once marked: the lost hand-over counted.
        var attempts: Int
        /// Its hand-over's `sending` event, when a note of this boot has it (the queue does not).
        var sending: SendingEvent?
        /// Its envelope recipients the lost hand-over went to, each to be marked `unknown`.
        var recipients: [RecipientOutcome] = []
    }

    /// Letters to mark `unknown`, by id.
    public var uncertain: [Uncertain] = []
    /// Outcomes to record from the file a run kept them in.
    var kept: [StoredOutcome] = []
    /// True when claims are left to drop.
    var hasClaims = false

    /// Letters whose kept outcome is recorded, with the status it gives them.
    public var recorded: [(id: Int64, status: LetterStatus)] { kept.map { ($0.letterId, $0.status) } }

    /// True when there is nothing to do.
    public var isEmpty: Bool { uncertain.isEmpty && kept.isEmpty && !hasClaims }

    /// Nothing to do.
    public init() {}

    /// Reads what a dead run left.
    /// - Parameters:
    ///   - db: the queue, read only.
    ///   - kept: the outcomes in the file beside the queue.
    ///   - handOvers: the dead run's notes, when it ran in this boot (`HandOverLog.read`).
    ///   - boot: the current boot of the system (`BootSession.current`; "" when unknown, which
    ///     no run is taken to share).
    /// - Throws: `DatabaseError`.
    init(db: Database, kept: [StoredOutcome], handOvers: [HandOverLog.Entry] = [], boot: String) throws {
        var handled = Set<Int64>()
        func state(_ id: Int64) throws -> (status: LetterStatus, attempts: Int)? {
            try Row.fetchOne(db, sql: "SELECT status, attempts FROM letter WHERE id = ?", arguments: [id]).map {
                (LetterStatus(rawValue: $0[0]) ?? .sending, $0[1])
            }
        }
        // An outcome is not in the queue when the queue shows the hand-over's mark and nothing
        // after it, or never saw the hand-over (a power loss took its mark).
        for outcome in kept + handOvers.compactMap(\.outcome) where !handled.contains(outcome.letterId) {
            guard let (status, attempts) = try state(outcome.letterId) else { continue }
            if status == .sending || attempts < outcome.attempts { self.kept.append(outcome) }
            handled.insert(outcome.letterId)
        }
        for entry in handOvers where entry.outcome == nil && !handled.contains(entry.letterId) {
            guard let (status, attempts) = try state(entry.letterId) else { continue }
            handled.insert(entry.letterId)
            // On its way with no outcome, unless the queue has one (a later run's note is gone).
            if status == .sending || attempts == entry.attempts {
                uncertain.append(
                    Uncertain(
                        id: entry.letterId, cause: .endedWhileSending, attempts: entry.attempts + 1,
                        sending: entry.sending))
            }
        }
        let sending = try Row.fetchAll(
            db, sql: "SELECT id, attempts FROM letter WHERE status = ? ORDER BY id", arguments: [LetterStatus.sending])
        for row in sending where !handled.contains(row[0]) {
            uncertain.append(Uncertain(id: row[0], cause: .endedWhileSending, attempts: row[1]))
            handled.insert(row[0])
        }
        guard try db.tableExists("sendClaim") else { return }
        let claims = try Row.fetchAll(
            db,
            sql: """
                SELECT sendClaim.letterId, sendClaim.attempts, sendClaim.bootId, letter.status, letter.attempts
                FROM sendClaim JOIN letter ON letter.id = sendClaim.letterId ORDER BY sendClaim.letterId
                """)
        hasClaims = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sendClaim)") ?? false
        for row in claims {
            let id: Int64 = row[0]
            let claimedAttempts: Int = row[1]
            let bootId: String = row[2]
            let status = LetterStatus(rawValue: row[3]) ?? .sending
            let attempts: Int = row[4]
            guard !handled.contains(id), boot.isEmpty || bootId != boot, LetterStatus.open.contains(status),
                attempts == claimedAttempts
            else { continue }
            uncertain.append(Uncertain(id: id, cause: .systemStopped, attempts: claimedAttempts + 1))
        }
        uncertain.sort { $0.id < $1.id }
        try findRecipients(db)
    }

    /// Finds the envelope recipients of each uncertain letter that its lost hand-over went to: those
    /// a hand-over of the letter in the status it was claimed in goes to (a letter left `sending`
    /// without a claim, by an older version: those a retry of an unknown letter goes to).
    private mutating func findRecipients(_ db: Database) throws {
        guard !uncertain.isEmpty, try db.tableExists("envelopeRecipient") else { return }
        let claimed = try db.tableExists("sendClaim")
        for index in uncertain.indices {
            let letter = uncertain[index]
            var status = LetterStatus.unknown
            if claimed,
                let name = try String.fetchOne(
                    db, sql: "SELECT status FROM sendClaim WHERE letterId = ?", arguments: [letter.id]),
                let found = LetterStatus(rawValue: name)
            {
                status = found
            }
            uncertain[index].recipients = try LetterQueue.envelope(db, letterId: letter.id)
                .filter { $0.isTarget(forLetter: status) }
                .map { RecipientOutcome(position: $0.position, state: .unknown, reply: letter.cause.reason) }
        }
    }

    /// Records the kept outcomes, marks the uncertain letters `unknown` and drops every claim.
    /// - Parameters:
    ///   - writer: the transaction.
    ///   - date: when.
    /// - Throws: `DatabaseError`.
    func apply(_ writer: QueueWriter, at date: Date) throws {
        for outcome in kept {
            try writer.db.execute(
                sql: """
                    UPDATE letter SET status = ?, attempts = ?, lastReply = ?, nextAttemptAt = ?, sentAt = ?, updatedAt = ?
                    WHERE id = ?
                    """,
                arguments: [
                    outcome.status, outcome.attempts, outcome.lastReply, outcome.nextAttemptAt, outcome.sentAt,
                    outcome.updatedAt, outcome.letterId,
                ])
            if let sending = outcome.sending { try addSending(sending, to: outcome.letterId, writer) }
            try writer.addEvent(
                letterId: outcome.letterId, kind: outcome.kind, detail: outcome.detail, at: outcome.at,
                replyCode: outcome.replyCode)
            try setRecipients(outcome.recipients, of: outcome.letterId, at: outcome.at, writer)
        }
        let timestamp = Timestamp.string(date)
        for letter in uncertain {
            let reason = letter.cause.reason
            try writer.db.execute(
                sql:
                    "UPDATE letter SET status = ?, attempts = MAX(attempts, ?), lastReply = ?, updatedAt = ? WHERE id = ?",
                arguments: [LetterStatus.unknown, letter.attempts, reason, timestamp, letter.id])
            if let sending = letter.sending { try addSending(sending, to: letter.id, writer) }
            try writer.addEvent(letterId: letter.id, kind: .unknown, detail: reason, at: timestamp)
            try setRecipients(letter.recipients, of: letter.id, at: timestamp, writer)
        }
        if hasClaims { try writer.db.execute(sql: "DELETE FROM sendClaim") }
    }

    private func setRecipients(
        _ recipients: [RecipientOutcome], of letterId: Int64, at timestamp: String, _ writer: QueueWriter
    ) throws {
        for recipient in recipients {
            try writer.db.cachedStatement(
                sql:
                    "UPDATE envelopeRecipient SET state = ?, reply = ?, updatedAt = ? WHERE letterId = ? AND position = ?"
            ).execute(arguments: [recipient.state, recipient.reply, timestamp, letterId, recipient.position])
        }
    }

    private func addSending(_ sending: SendingEvent, to letterId: Int64, _ writer: QueueWriter) throws {
        try writer.addEvent(
            letterId: letterId, kind: .sending, detail: sending.server, at: sending.timestamp,
            dateHeader: sending.dateField)
    }
}
