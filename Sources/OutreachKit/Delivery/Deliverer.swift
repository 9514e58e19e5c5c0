import Foundation
import GRDB

/// Delivers queued letters through an `SMTPClient` and keeps the books in the queue, so that
/// nothing is lost and nothing goes twice, whatever stops the run (README: Guarantees):
///
/// 1. A letter is claimed (durably, on disk) and marked `sending` (its Date restamped, in a
///    committed transaction) before the server can receive its content.
/// 2. 250 after DATA makes it `sent`, with the time and the server's reply; a 4xx makes it
///    `deferred` until a later attempt (5, 10, 20, 40, 80 minutes; after `maximumAttempts`
///    tries it is `failed`); a 5xx makes it `failed`; a connection lost after DATA makes it
///    `unknown` (it may have arrived); a failure before DATA puts it back as it was. A 421
///    before the content is no outcome: the letter, still claimed, goes again over a new
///    connection (`SMTPClient`). Each envelope recipient's state (`DeliveryRecord`) is stored
///    with its letter's outcome, in the same batch, and a retry goes only to the recipients
///    not yet accepted (`SendPlan.targets`). Each outcome is on disk before it is reported.
/// 3. What a run that died left is dealt with before the next run sends anything
///    (`SendRecovery`): a letter it left `sending`, or claimed before a power loss without a
///    recorded outcome, becomes `unknown` (with the recipients its hand-over went to) and is not
///    sent again unless asked (`retryUnknown`).
public struct Deliverer: Sendable {
    public let queue: LetterQueue
    /// Tries before a deferred letter is given up as failed.
    public static let maximumAttempts = 6
    /// At most this many letters are left uncertain (`unknown`) by a power loss during a run:
    /// the letters claimed and without a recorded outcome at any moment (`ClaimWindow`).
    public static let powerLossBound = ClaimWindow.limit

    public init(queue: LetterQueue) {
        self.queue = queue
    }

    /// Minutes to wait after the n-th deferral (1-based): 5, 10, 20, 40, 80.
    public static func backoffMinutes(afterAttempt attempt: Int) -> Int {
        5 << min(max(attempt - 1, 0), 10)
    }

    /// What a run finds left by a run that died (see `SendRecovery`). Reads only: the dry run
    /// shows it.
    /// - Throws: `QueueError.database`.
    public func recovery() throws -> SendRecovery {
        let kept = UnrecordedOutcomes(database: queue.file).read()
        let boot = BootSession.current
        let handOvers = HandOverLog.read(database: queue.file, bootId: boot)
        return try queue.read { db in try SendRecovery(db: db, kept: kept, handOvers: handOvers, boot: boot) }
    }

    /// Records what a send run that died left, when no run is going: before a command changes a
    /// letter (`edit`, `mark`, `discard`), so that it sees the status the dead run's hand-overs
    /// gave its letters. Past its first letters a fast run notes each hand-over in a file rather
    /// than in the queue (`SendJournal`): until this is done, a letter the server took may still
    /// show `drafted`, and an edit or a mark of it would make the queue untrue.
    /// - Returns: what was recorded; empty when nothing was left, or when a run is going (the
    ///   letters it has claimed are refused then: `QueueError.claimedBySend`).
    /// - Throws: `QueueError.database`, `QueueError.notDurable`; `FileError.cannotWrite` when
    ///   the send lock's file cannot be made.
    public func settleDeadRun() throws -> SendRecovery {
        let lock: SendLock
        do {
            lock = try SendLock(database: queue.file)
        } catch DeliveryError.anotherSendRunning {
            return SendRecovery()
        }
        return try withExtendedLifetime(lock) {
            let found = try recovery()
            try recover(found)
            return found
        }
    }

    /// Applies `recovery` in one transaction, makes it durable, then removes the file of kept
    /// outcomes it recorded. Call with the send lock held, before a run.
    /// - Throws: `QueueError.database`, `QueueError.notDurable`.
    public func recover(_ recovery: SendRecovery, at date: Date = Date()) throws {
        if !recovery.isEmpty {
            try queue.write { writer in try recovery.apply(writer, at: date) }
            try queue.syncToDisk()
        }
        // Recorded, durably: the files that held them are done with.
        UnrecordedOutcomes(database: queue.file).remove()
        HandOverLog(database: queue.file).remove()
    }

    /// Chooses what to send now, as it will be once `recovery` is applied. Reads only: the dry
    /// run uses it too.
    /// - Parameters:
    ///   - request: what the person asked for.
    ///   - recovery: what the run will do first about a dead run (`recovery()`).
    ///   - date: now.
    /// - Returns: the plan.
    /// - Throws: `QueueError.database`.
    public func plan(_ request: SendRequest, after recovery: SendRecovery = SendRecovery(), at date: Date = Date())
        throws -> SendPlan
    {
        let now = Timestamp.string(date)
        let dayAgo = Timestamp.string(date.addingTimeInterval(-86_400))
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
            var due = try SendBooks.letters(db, sql: sql, arguments: StatementArguments(arguments))
            // The recovery comes first: letters it marks unknown go only with --retry-unknown,
            // and a kept outcome is recorded rather than sent.
            let uncertain = Dictionary(recovery.uncertain.map { ($0.id, $0) }) { first, _ in first }
            let recorded = Set(recovery.kept.map(\.letterId))
            func recovered(_ letter: Letter) -> Letter {
                var letter = letter
                if let outcome = recovery.kept.last(where: { $0.letterId == letter.id }) {
                    letter.status = outcome.status
                    letter.sentAt = outcome.sentAt
                    letter.lastReply = outcome.lastReply
                } else if let found = uncertain[letter.id] {
                    letter.status = .unknown
                    letter.attempts = max(letter.attempts, found.attempts)
                    letter.lastReply = found.cause.reason
                }
                return letter
            }
            // Only when a dead run left something: the filter copies every letter it looks at.
            if !uncertain.isEmpty || !recorded.isEmpty {
                due.removeAll { uncertain[$0.id] != nil || recorded.contains($0.id) }
            }
            if request.retryUnknown {
                let wanted = recovery.uncertain.map(\.id).filter { request.ids.isEmpty || request.ids.contains($0) }
                for id in wanted {
                    if let letter = try Letter.fetchOne(
                        db, sql: "SELECT \(Letter.columns) FROM letter WHERE id = ? AND channel = ?",
                        arguments: [id, Channel.email])
                    {
                        due.append(recovered(letter))
                    }
                }
                due.sort { $0.id < $1.id }
            }
            var skipped: [(Int64, SkipReason)] = []
            for id in request.ids where !due.contains(where: { $0.id == id }) {
                if let letter = try Letter.fetchOne(
                    db, sql: "SELECT \(Letter.columns) FROM letter WHERE id = ?", arguments: [id])
                {
                    skipped.append((id, SkipReason(recovered(letter))))
                } else {
                    skipped.append((id, .noSuchLetter))
                }
            }
            // The letters a dead run's kept outcomes record as sent count too.
            let sentInLastDay =
                try Self.sentInLastDay(db, at: date)
                + recovery.kept.filter { $0.kind == .sent && $0.at >= dayAgo }.count
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
            // A letter the recovery marks unknown has its recipients marked so too (`--retry-unknown`).
            for letter in recovery.uncertain where !letter.recipients.isEmpty {
                guard var envelope = plan.envelopes[letter.id] else { continue }
                for recipient in letter.recipients {
                    guard let place = envelope.firstIndex(where: { $0.position == recipient.position }) else {
                        continue
                    }
                    envelope[place].state = recipient.state
                    envelope[place].reply = recipient.reply
                }
                plan.envelopes[letter.id] = envelope
            }
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
    /// The books are kept while the server answers MAIL, RCPT and DATA (`SendJournal`): one
    /// transaction stores the previous letter's outcome, claims letters ahead, marks this one
    /// `sending` and reads its message (as it is now, after any edit), and is committed before
    /// the content goes, which the server cannot deliver without (RFC 5321 §4.1.1.4); the
    /// content also waits until the letter's claim is on disk, and an outcome is reported once
    /// it is on disk. So a run killed anywhere leaves at most one letter uncertain, and a power
    /// loss at most `ClaimWindow.limit` (one, when paced slower than ten messages a second).
    /// - Parameters:
    ///   - plan: the letters to send, from `plan(_:after:at:)`.
    ///   - client: the connection to the server.
    ///   - rate: messages per minute; 0 means no pacing.
    ///   - initial: the counts so far (the letters `recover` marked unknown).
    ///   - interrupted: checked between messages; a signal stops the run after the one in flight.
    ///   - progress: called with each message's outcome once it is on disk.
    /// - Returns: the counts.
    /// - Throws: the `DeliveryError` that stopped the run (connection, TLS, login), after the
    ///   letter it concerned was put back as it was; `QueueError.outcomesNotRecorded` when the
    ///   server accepted letters whose outcome the queue could not record; `QueueError.database`
    ///   or `.notDurable` for another failure of the queue; `FileError.cannotWrite` when the
    ///   file for outcomes the queue cannot take cannot be prepared (nothing was sent).
    public func run(
        _ plan: SendPlan, client: SMTPClient, rate: Double, summary initial: SendSummary = SendSummary(),
        interrupted: () -> StopSignal? = { nil }, progress: @escaping (SendProgress) -> Void = { _ in }
    ) throws -> SendSummary {
        let unrecorded = UnrecordedOutcomes(database: queue.file)
        try unrecorded.prepare()
        let durableFile = queue.durableFile
        return try queue.session { session in
            let sync = try CommitSync(file: durableFile, onSync: client.waker)
            defer { try? sync.finish() }
            let interval = SMTPSettings.interval(rate: rate)
            let log = HandOverLog(database: queue.file)
            try log.open(bootId: BootSession.current)
            let journal = try SendJournal(
                db: session.db, letters: plan.letters, interval: interval, sync: sync, log: log, progress: progress)
            var summary = initial
            let start = Date()
            var nextSlot = start
            let server = "\(client.settings.host):\(client.settings.port)"
            func report(_ letter: Letter, _ index: Int, _ outcome: DeliveryOutcome) -> SendProgress {
                SendProgress(
                    index: index + 1, total: plan.letters.count, letter: letter, outcome: outcome, summary: summary,
                    elapsed: Date().timeIntervalSince(start))
            }
            // The error that stopped the run, thrown once the books are closed.
            var stop: Error?
            for index in plan.letters.indices {
                let planned = plan.letters[index]
                // Pace: wait for this message's slot, but notice a signal while waiting.
                while interrupted() == nil && Date() < nextSlot {
                    usleep(UInt32(min(0.2, max(0.001, nextSlot.timeIntervalSinceNow)) * 1_000_000))
                }
                if let signal = interrupted() {
                    summary.stoppedBy = signal
                    break
                }
                let now = Date()
                nextSlot = max(nextSlot, now).addingTimeInterval(interval)
                let handOver = SendJournal.HandOver(
                    letterId: planned.id, attempts: planned.attempts, index: index, server: server,
                    timestamp: Timestamp.string(now),
                    dateField: MessageDate.format(now))
                let targets = plan.targets(of: planned)
                let outcome = client.deliver(
                    from: planned.envelopeFrom, to: targets.map(\.address),
                    officials: targets.filter { $0.role == .to }.map(\.address), work: journal.transfer(handOver))
                switch journal.state {
                case .idle:
                    // No connection could be opened (a new one after `smtp.per_connection`
                    // messages or an idle spell): none of the letter's steps ran, so it was
                    // neither marked nor noted, and nothing of it is recorded (a change made to
                    // it meanwhile stands). A claim made ahead for it goes with the others when
                    // the books are closed. The run stops.
                    if case .notSent(let error) = outcome { stop = error }
                case .failed(let error):
                    // The outcomes the failed transaction carried wait again; a letter already
                    // on its way whose content was withheld goes back as it was.
                    let handedOver = journal.isHandedOver
                    journal.recover()
                    if handedOver {
                        journal.record(
                            DeliveryRecord(
                                applying: outcome, to: planned, envelope: targets, replies: client.recipientReplies,
                                at: Date()),
                            report: report(planned, index, outcome))
                    }
                    stop = error
                case .withheld:
                    // Discarded meanwhile: nothing of it was sent. A failure before the content
                    // still stops the run.
                    if case .notSent(let error) = outcome, error != .contentWithheld {
                        journal.skip(report: nil)
                        stop = error
                        break
                    }
                    var skipped = planned
                    skipped.status = (try? journal.status(of: planned.id)) ?? planned.status
                    skipped.lastReply = DeliveryError.contentWithheld.message
                    journal.skip(report: report(skipped, index, .notSent(.contentWithheld)))
                    continue
                default:
                    let record = DeliveryRecord(
                        applying: outcome, to: planned, envelope: targets, replies: client.recipientReplies, at: Date())
                    summary.count(record)
                    journal.record(record, report: report(record.letter, index, outcome))
                    if case .notSent(let error) = outcome { stop = error }
                }
                if stop != nil { break }
                // The letters left would meet the same answer: they stay queued.
                if let reason = client.stopReason {
                    summary.stopped = reason
                    break
                }
                // A paced run records and reports each outcome at once rather than at the next slot.
                if interval > 0 {
                    do {
                        try journal.storePending()
                    } catch {
                        stop = error
                        break
                    }
                }
            }
            summary.closings = client.closings
            summary.connections = client.connectionsOpened
            do {
                try journal.finish()
            } catch {
                throw keep(journal.salvage(), in: unrecorded, cause: stop ?? error)
            }
            // Every outcome is in the queue: the file prepared for the ones it could not take goes,
            // whether the run ended or stopped.
            unrecorded.removeIfEmpty()
            if let stop { throw stop }
            return summary
        }
    }

    /// Keeps the outcomes the queue could not record in the file beside it, and says what went:
    /// `QueueError.outcomesNotRecorded` naming the letters the server took (for every recipient,
    /// or for a copy while the To was deferred or refused), or `cause` when it took none.
    private func keep(_ lost: [SendJournal.Outcome], in file: UnrecordedOutcomes, cause: Error) -> Error {
        guard !lost.isEmpty else { return cause }
        let keptIn: String?
        do {
            try file.keep(lost.map(\.stored))
            keptIn = file.path
        } catch {
            keptIn = nil
        }
        let accepted = lost.filter(\.wasTaken).map(\.record.letter.id)
        guard !accepted.isEmpty else { return cause }
        let reason = (cause as? any OutreachError)?.message ?? LetterQueue.describe(cause)
        return QueueError.outcomesNotRecorded(accepted: accepted, reason: reason, keptIn: keptIn)
    }
}
