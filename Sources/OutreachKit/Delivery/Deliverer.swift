import Foundation
import GRDB

/// What `outreach send` is asked to do.
public struct SendRequest: Sendable {
    /// Only these letters (in this order of ids); all due letters when empty.
    public var ids: [Int64] = []
    /// At most this many messages.
    public var limit: Int?
    /// Messages per minute; 0 means no pacing.
    public var rate: Double
    /// Messages in any 24 hours, counted from the sent log; 0 means no cap.
    public var dailyCap: Int
    /// Also send letters whose last attempt failed (5xx).
    public var retryFailed = false
    /// Also send letters a dead run left uncertain.
    public var retryUnknown = false

    public init(
        ids: [Int64] = [], limit: Int? = nil, rate: Double, dailyCap: Int, retryFailed: Bool = false,
        retryUnknown: Bool = false
    ) {
        self.ids = ids
        self.limit = limit
        self.rate = rate
        self.dailyCap = dailyCap
        self.retryFailed = retryFailed
        self.retryUnknown = retryUnknown
    }
}

/// The letters a run will send, in order, and what it leaves.
public struct SendPlan: Sendable {
    /// Letters to send now, oldest first.
    public var letters: [Letter]
    /// Letters that would be due but are over the daily cap.
    public var heldByCap: Int
    /// Messages sent in the last 24 hours.
    public var sentInLastDay: Int
    /// Drafted letters for other channels: web form and post.
    public var waitingForWebForm: Int
    public var waitingForPost: Int
    /// Requested ids that cannot be sent now, with why.
    public var skipped: [(id: Int64, reason: String)]
    /// Deferred letters whose next attempt is later, and the earliest such time (ISO 8601 UTC).
    public var deferredNotDue = 0
    public var nextAttemptAt: String?
}

/// How a run went.
public struct SendSummary: Sendable, Codable {
    public var sent = 0
    public var deferred = 0
    public var failed = 0
    public var unknown = 0
    /// Letters a dead run had left `sending`, now `unknown`.
    public var recovered: [Int64] = []
    /// True when Ctrl-C stopped the run early.
    public var interrupted = false
    /// Why the run stopped before the end when the server's answer would have been the same
    /// for every letter left (the sender refused, the connection lost after DATA).
    public var stopped: String?

    public init() {}
}

/// One message's result, for progress output.
public struct SendProgress: Sendable {
    public var index: Int
    public var total: Int
    public var letter: Letter
    public var outcome: DeliveryOutcome
    public var summary: SendSummary
    /// Seconds since the run started.
    public var elapsed: Double
}

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
            let ids = try Int64.fetchAll(writer.db, sql: "SELECT id FROM letter WHERE status = 'sending' ORDER BY id")
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
        let dayAgo = Timestamp.string(date.addingTimeInterval(-86_400))
        return try queue.read { db in
            var statuses = ["'drafted'"]
            if request.retryFailed { statuses.append("'failed'") }
            if request.retryUnknown { statuses.append("'unknown'") }
            var sql = """
                SELECT \(Letter.columns) FROM letter WHERE channel = 'email'
                AND (status IN (\(statuses.joined(separator: ","))) OR (status = 'deferred' AND (nextAttemptAt IS NULL OR nextAttemptAt <= ?)))
                """
            var arguments: [any DatabaseValueConvertible] = [now]
            if !request.ids.isEmpty {
                sql += " AND id IN (\(request.ids.map { _ in "?" }.joined(separator: ",")))"
                arguments += request.ids
            }
            sql += " ORDER BY id"
            var letters = try Letter.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            var skipped: [(Int64, String)] = []
            for id in request.ids where !letters.contains(where: { $0.id == id }) {
                if let letter = try Letter.fetchOne(
                    db, sql: "SELECT \(Letter.columns) FROM letter WHERE id = ?", arguments: [id])
                {
                    skipped.append((id, Self.whyNot(letter, now: now)))
                } else {
                    skipped.append((id, "there is no such letter"))
                }
            }
            let sentInLastDay =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM event WHERE kind = 'sent' AND at >= ?", arguments: [dayAgo]) ?? 0
            if let limit = request.limit { letters = Array(letters.prefix(limit)) }
            var heldByCap = 0
            if request.dailyCap > 0 {
                let room = max(0, request.dailyCap - sentInLastDay)
                heldByCap = max(0, letters.count - room)
                letters = Array(letters.prefix(room))
            }
            let waiting = try Row.fetchAll(
                db,
                sql:
                    "SELECT channel, COUNT(*) AS n FROM letter WHERE status = 'drafted' AND channel <> 'email' GROUP BY channel"
            )
            var webForm = 0
            var post = 0
            for row in waiting {
                if row["channel"] == Channel.webForm.rawValue { webForm = row["n"] } else { post = row["n"] }
            }
            var plan = SendPlan(
                letters: letters, heldByCap: heldByCap, sentInLastDay: sentInLastDay, waitingForWebForm: webForm,
                waitingForPost: post, skipped: skipped)
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*), MIN(nextAttemptAt) FROM letter WHERE status = 'deferred' AND nextAttemptAt > ?",
                arguments: [now])
            {
                plan.deferredNotDue = row[0]
                plan.nextAttemptAt = row[1]
            }
            return plan
        }
    }

    private static func whyNot(_ letter: Letter, now: String) -> String {
        if letter.channel != .email { return "it goes by \(letter.channel.rawValue), not email" }
        switch letter.status {
        case .sent: return "it was sent\(letter.sentAt.map { " at \($0)" } ?? "")"
        case .failed: return "it failed (\(letter.lastReply)); add --retry-failed to send it again"
        case .unknown: return "it may have arrived already; add --retry-unknown to send it again"
        case .deferred: return "it is deferred until \(letter.nextAttemptAt ?? "later")"
        case .discarded: return "it was discarded"
        case .sending: return "another run is sending it"
        case .deliveredByHand: return "it was delivered by hand"
        case .drafted: return "it is not due"
        case .replied: return "it was sent, and the office replied"
        case .bounced: return "it bounced (\(letter.lastReply)); fix the address and draft it anew with --again"
        }
    }

    /// Sends the planned letters one by one over `client`'s single connection.
    ///
    /// The books are kept while the server answers MAIL, RCPT and DATA: one transaction
    /// stores the previous letter's outcome, marks this one `sending` and reads its message
    /// (as it is now, after any edit), and is committed before the content goes, which the
    /// server cannot deliver without (RFC 5321 §4.1.1.4). So at most one letter is `sending`
    /// at any time, and a run killed anywhere leaves at most that one uncertain.
    /// - Parameters:
    ///   - rate: messages per minute; 0 means no pacing.
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
            let books = SendBooks(db: session.db)
            var summary = initial
            let interval = SMTPSettings.interval(rate: rate)
            let start = Date()
            var nextSlot = start
            let server = "\(client.settings.host):\(client.settings.port)"
            // An outcome not yet committed: it goes with the next letter's claim, or on its own.
            var pending: (outcome: SendBooks.Outcome, report: SendProgress)?
            func commitPending() throws {
                guard let (outcome, report) = pending else { return }
                pending = nil
                try books.storeAlone(outcome)
                progress(report)
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
                let claim = SendBooks.Claim(
                    letter: planned, server: server, timestamp: Timestamp.string(now),
                    dateField: MessageDate.format(now))
                let previous = pending
                pending = nil
                let work = LetterBookkeeping(books: books, claim: claim, previous: previous?.outcome) {
                    if let previous { progress(previous.report) }
                }
                let outcome = client.deliver(
                    from: planned.envelopeFrom, to: planned.envelopeTo.split(separator: " ").map(String.init),
                    work: work.waitingWork)
                if let error = work.error {
                    // The previous letter's outcome was rolled back with the claim: try it alone.
                    // If that fails too, the next run marks it unknown.
                    pending = previous
                    try? commitPending()
                    throw error
                }
                guard work.claimed else {
                    // Discarded meanwhile: nothing of it was sent. A failure before the content
                    // still stops the run.
                    if case .notSent(let error) = outcome, error != .contentWithheld { throw error }
                    var skipped = planned
                    skipped.status = (try? QueueWriter(db: session.db).status(of: planned.id)) ?? planned.status
                    skipped.lastReply = DeliveryError.contentWithheld.message
                    progress(
                        SendProgress(
                            index: index + 1, total: plan.letters.count, letter: skipped,
                            outcome: .notSent(.contentWithheld), summary: summary,
                            elapsed: Date().timeIntervalSince(start)))
                    continue
                }
                let (letter, event) = apply(outcome, to: planned, at: Date(), summary: &summary)
                pending = (
                    SendBooks.Outcome(letter: letter, event: event),
                    SendProgress(
                        index: index + 1, total: plan.letters.count, letter: letter, outcome: outcome, summary: summary,
                        elapsed: Date().timeIntervalSince(start))
                )
                if case .notSent(let error) = outcome {
                    try commitPending()
                    throw error
                }
                // The letters left would meet the same answer: they stay queued.
                if let reason = client.stopReason {
                    summary.stopped = reason
                    break
                }
                // A paced run records each outcome at once rather than at the next slot.
                if interval > 0 { try commitPending() }
            }
            try commitPending()
            return summary
        }
    }

    /// Works out the letter's new state and the event to record, and counts the outcome.
    private func apply(_ outcome: DeliveryOutcome, to planned: Letter, at date: Date, summary: inout SendSummary) -> (
        Letter, OutcomeEvent
    ) {
        let timestamp = Timestamp.string(date)
        var letter = planned
        letter.attempts += 1
        var reply = ""
        var code: Int?
        var refused: [RefusedRecipient] = []
        letter.nextAttemptAt = nil
        switch outcome {
        case .sent(let text, let refusedList):
            (letter.status, reply, refused) = (.sent, text, refusedList)
            code = Int(text.prefix(3))
            letter.sentAt = timestamp
            summary.sent += 1
        case .deferred(let replyCode, let text, let refusedList):
            (reply, code, refused) = (text, replyCode, refusedList)
            if letter.attempts >= Self.maximumAttempts {
                letter.status = .failed
                reply = "\(text) (gave up after \(letter.attempts) tries)"
                summary.failed += 1
            } else {
                letter.status = .deferred
                letter.nextAttemptAt = Timestamp.string(
                    date.addingTimeInterval(Double(Self.backoffMinutes(afterAttempt: letter.attempts) * 60)))
                summary.deferred += 1
            }
        case .failed(let replyCode, let text, let refusedList):
            (letter.status, reply, code, refused) = (.failed, text, replyCode, refusedList)
            summary.failed += 1
        case .uncertain(let reason):
            (letter.status, reply) = (.unknown, reason)
            summary.unknown += 1
        case .notSent(let error):
            // Nothing was handed over: the letter goes back as it was.
            letter = planned
            reply = error.message
        }
        var kind = letter.status.rawValue
        if case .notSent = outcome { kind = "not-sent" }
        letter.lastReply = reply
        letter.updatedAt = timestamp
        let refusedText = refused.map { "\($0.address): \($0.reply)" }.joined(separator: "; ")
        let detail = refusedText.isEmpty ? reply : "\(reply); refused: \(refusedText)"
        return (letter, OutcomeEvent(kind: kind, detail: detail, code: code, at: timestamp))
    }
}
