import Foundation
import GRDB

/// Delivers queued letters through an `SMTPClient` and keeps the books in the queue, so that
/// nothing is lost and nothing goes twice:
///
/// 1. A letter is marked `sending` (and its Date restamped) in a committed transaction before
///    the server sees it.
/// 2. 250 after DATA makes it `sent`, with the time and the server's reply; a 4xx makes it
///    `deferred` until a later attempt (5, 10, 20, 40, 80 minutes; after `maximumAttempts`
///    tries it is `failed`); a 5xx makes it `failed`; a connection lost after DATA makes it
///    `unknown` (it may have arrived); a failure before DATA puts it back as it was.
/// 3. A letter found `sending` when a run starts was left by a run that died: it becomes
///    `unknown` and is not sent again unless asked (`retryUnknown`).
public struct Deliverer: Sendable {
    public let queue: LetterQueue
    /// Tries before a deferred letter is given up as failed.
    public static let maximumAttempts = 6

    public init(queue: LetterQueue) {
        self.queue = queue
    }

    /// Minutes to wait after the n-th deferral (1-based): 5, 10, 20, 40, 80.
    public static func backoffMinutes(afterAttempt attempt: Int) -> Int {
        5 << min(max(attempt - 1, 0), 10)
    }

    /// Marks letters left `sending` by a dead run as `unknown`. Call with the send lock held.
    public func recover(at date: Date = Date()) throws -> [Int64] {
        try queue.write { writer in
            let ids = try Int64.fetchAll(
                writer.db, sql: "SELECT id FROM letter WHERE status = ? ORDER BY id", arguments: [LetterStatus.sending])
            let reason = "a send run ended while this letter was being sent; it may have arrived"
            for id in ids {
                try writer.setStatus(id, to: .unknown, detail: reason, at: date)
                try writer.db.execute(sql: "UPDATE letter SET lastReply = ? WHERE id = ?", arguments: [reason, id])
            }
            return ids
        }
    }

    /// Chooses what to send now. Reads only: the dry run uses it too.
    public func plan(_ request: SendRequest, at date: Date = Date()) throws -> SendPlan {
        let now = Timestamp.string(date)
        return try queue.read { db in
            let statuses = request.statuses
            var sql = """
                SELECT \(Letter.columns) FROM letter WHERE channel = ?
                AND (status IN (\(statuses.map { _ in "?" }.joined(separator: ","))) OR (status = ? AND (nextAttemptAt IS NULL OR nextAttemptAt <= ?)))
                """
            var arguments: [any DatabaseValueConvertible] = [Channel.email] + statuses + [LetterStatus.deferred, now]
            if !request.ids.isEmpty {
                sql += " AND id IN (\(request.ids.map { _ in "?" }.joined(separator: ",")))"
                arguments += request.ids
            }
            sql += " ORDER BY id"
            let due = try Letter.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            var skipped: [(Int64, SkipReason)] = []
            for id in request.ids where !due.contains(where: { $0.id == id }) {
                if let letter = try Letter.fetchOne(
                    db, sql: "SELECT \(Letter.columns) FROM letter WHERE id = ?", arguments: [id])
                {
                    skipped.append((id, SkipReason(letter)))
                } else {
                    skipped.append((id, .noSuchLetter))
                }
            }
            let sentInLastDay = try Self.sentInLastDay(db, at: date)
            let (letters, heldByCap) = request.take(due, sentInLastDay: sentInLastDay)
            let waiting = try Row.fetchAll(
                db, sql: "SELECT channel, COUNT(*) AS n FROM letter WHERE status = ? AND channel <> ? GROUP BY channel",
                arguments: [LetterStatus.drafted, Channel.email])
            var webForm = 0
            var post = 0
            for row in waiting {
                if row["channel"] == Channel.webForm { webForm = row["n"] } else { post = row["n"] }
            }
            var plan = SendPlan(
                letters: letters, heldByCap: heldByCap, sentInLastDay: sentInLastDay, waitingForWebForm: webForm,
                waitingForPost: post, skipped: skipped)
            if let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), MIN(nextAttemptAt) FROM letter WHERE status = ? AND nextAttemptAt > ?",
                arguments: [LetterStatus.deferred, now])
            {
                plan.deferredNotDue = row[0]
                plan.nextAttemptAt = row[1]
            }
            plan.envelopes = try LetterQueue.envelopes(db, letterIds: letters.map(\.id))
            return plan
        }
    }

    /// Messages the server took in the 24 hours before `date`, which the daily cap counts: the
    /// letters sent, and the test copies sent to the sender (`send --test`).
    static func sentInLastDay(_ db: Database, at date: Date) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM event WHERE kind IN (?, ?) AND at >= ?",
            arguments: [EventKind.sent, EventKind.testSent, Timestamp.string(date.addingTimeInterval(-86_400))]) ?? 0
    }

    /// Sends the planned letters one by one over `client`'s single connection.
    ///
    /// The books are kept while the server answers MAIL, RCPT and DATA: one transaction
    /// stores the previous letter's outcome, marks this one `sending` and reads its message
    /// (as it is now, after any edit), and is committed before the content goes, which the
    /// server cannot deliver without (RFC 5321 §4.1.1.4). So at most one letter is `sending`
    /// at any time, and a run killed anywhere leaves at most that one uncertain.
    /// - Parameters:
    ///   - plan: the letters to send, from `plan(_:at:)`.
    ///   - client: the connection to the server.
    ///   - rate: messages per minute; 0 means no pacing.
    ///   - initial: the counts so far (the letters `recover` marked unknown).
    ///   - interrupted: checked between messages; true stops the run after the one in flight.
    ///   - progress: called after each message's outcome is committed.
    /// - Returns: the counts.
    /// - Throws: the `DeliveryError` that stopped the run (connection, TLS, login), after the
    ///   letter it concerned was put back as it was; `QueueError` for a database failure.
    public func run(
        _ plan: SendPlan, client: SMTPClient, rate: Double, summary initial: SendSummary = SendSummary(),
        interrupted: () -> Bool = { false }, progress: @escaping (SendProgress) -> Void = { _ in }
    ) throws -> SendSummary {
        try queue.session { session in
            let journal = SendJournal(db: session.db, progress: progress)
            var summary = initial
            let interval = SMTPSettings.interval(rate: rate)
            let start = Date()
            var nextSlot = start
            let server = "\(client.settings.host):\(client.settings.port)"
            func report(_ letter: Letter, _ index: Int, _ outcome: DeliveryOutcome) -> SendProgress {
                SendProgress(
                    index: index + 1, total: plan.letters.count, letter: letter, outcome: outcome, summary: summary,
                    elapsed: Date().timeIntervalSince(start))
            }
            for (index, planned) in plan.letters.enumerated() {
                // Pace: wait for this message's slot, but notice Ctrl-C while waiting.
                while !interrupted() && Date() < nextSlot {
                    usleep(UInt32(min(0.2, max(0.001, nextSlot.timeIntervalSinceNow)) * 1_000_000))
                }
                if interrupted() {
                    summary.interrupted = true
                    break
                }
                let now = Date()
                nextSlot = max(nextSlot, now).addingTimeInterval(interval)
                let claim = SendJournal.Claim(
                    letter: planned, server: server, timestamp: Timestamp.string(now),
                    dateField: MessageDate.format(now))
                let targets = plan.targets(of: planned)
                let outcome = client.deliver(
                    from: planned.envelopeFrom, to: targets.map(\.address),
                    officials: targets.filter { $0.role == .to }.map(\.address), work: journal.transfer(claim))
                switch journal.state {
                case .idle:
                    // No connection could be opened: the letter was never claimed, so nothing of
                    // it is recorded (a change made to it meanwhile stands). The run stops.
                    if case .notSent(let error) = outcome {
                        try journal.storePending()
                        throw error
                    }
                case .failed(let error):
                    // The previous letter's outcome was rolled back with the claim: try it alone.
                    // If that fails too, the next run marks it unknown.
                    journal.recover()
                    try? journal.storePending()
                    throw error
                case .withheld:
                    // Discarded meanwhile: nothing of it was sent. A failure before the content
                    // still stops the run.
                    if case .notSent(let error) = outcome, error != .contentWithheld { throw error }
                    journal.skip()
                    var skipped = planned
                    skipped.status = (try? journal.status(of: planned.id)) ?? planned.status
                    skipped.lastReply = DeliveryError.contentWithheld.message
                    progress(report(skipped, index, .notSent(.contentWithheld)))
                    continue
                default:
                    break
                }
                let record = DeliveryRecord(
                    applying: outcome, to: planned, envelope: targets, replies: client.recipientReplies, at: Date())
                summary.count(record)
                journal.record(record, report: report(record.letter, index, outcome))
                if case .notSent(let error) = outcome {
                    try journal.storePending()
                    throw error
                }
                // The letters left would meet the same answer: they stay queued.
                if let reason = client.stopReason {
                    summary.stopped = reason
                    break
                }
                // A paced run records each outcome at once rather than at the next slot.
                if interval > 0 { try journal.storePending() }
            }
            try journal.storePending()
            summary.closings = client.closings
            summary.connections = client.connectionsOpened
            return summary
        }
    }
}
