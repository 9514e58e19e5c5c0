import Foundation

/// Reads the sender's mailboxes over IMAP and records what belongs to letters: replies,
/// automatic replies, bounces and delays. Read-only on the server (`EXAMINE`, `BODY.PEEK`);
/// incremental (only UIDs above the last one seen, while UIDVALIDITY stays); what every 500
/// messages brought is recorded with how far the mailbox is read in one transaction, so a run
/// stopped anywhere goes on where it stopped and never records a message twice.
public final class ReplyReader {
    private let queue: LetterQueue
    private let settings: IMAPSettings
    private let client: IMAPClient
    private let ownAddresses: Set<String>

    /// Messages whose header is fetched in one command (libcurl 7.88 refuses large replies; a
    /// batch it refuses is split, see `IMAPClient.listPage`), and recorded in one transaction.
    static let batchSize = 50
    /// Messages whose records (and the mark past them) are written in one transaction: a run
    /// stopped in between reads them again next time, and records nothing twice.
    static let commitEvery = 500

    /// The sender's own addresses in `profile`: the From address and the SMTP and IMAP user
    /// names that are addresses. Mail from them (a copy of a letter) is no answer.
    /// - Parameter profile: the sender's profile.
    /// - Returns: the addresses, as written in the profile.
    public static func ownAddresses(of profile: Profile) -> [String] {
        [profile.email, profile.extra["smtp.username"], profile.extra["imap.username"]].compactMap { $0 }
            .filter { $0.contains("@") }
    }

    /// - Parameters:
    ///   - queue: where the letters are, and where what the mailbox brought is recorded.
    ///   - settings: the IMAP server, mailboxes and timeout (`imap.*`).
    ///   - credentials: the IMAP login.
    ///   - ownAddresses: the sender's addresses: mail from them is no answer.
    /// - Throws: `MailboxError.badSetting` for an unreadable CA file, `.cannotConnect` when
    ///   libcurl cannot start. Nothing connects before `run`.
    public init(queue: LetterQueue, settings: IMAPSettings, credentials: Credentials, ownAddresses: [String]) throws {
        self.queue = queue
        self.settings = settings
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        client = try IMAPClient(settings: settings, credentials: credentials)
    }

    /// `user@host`: the account a mailbox's mark belongs to (the same over port 993 or 143).
    var account: String { "\(settings.username)@\(settings.host)" }

    /// Reads every configured mailbox.
    /// - Parameters:
    ///   - since: on a mailbox never read before, only messages the server received on or after
    ///     this moment (INTERNALDATE); older ones are passed over for good.
    ///   - progress: called after each batch.
    ///   - skipped: one line for each message passed over, naming its UID and why.
    /// - Returns: per mailbox, what was read and recorded.
    /// - Throws: `MailboxError` (connection, TLS, login, a mailbox that cannot be examined, a
    ///   server that stops answering); `QueueError.database`. Batches recorded before stay.
    public func run(since: Date?, progress: (ReplyProgress) -> Void = { _ in }, skipped: (String) -> Void = { _ in })
        throws -> [MailboxSummary]
    {
        let matcher = ReplyMatcher(index: try queue.replyIndex(), ownAddresses: ownAddresses)
        var summaries: [MailboxSummary] = []
        for mailbox in settings.mailboxes {
            summaries.append(try read(mailbox, since: since, matcher: matcher, progress: progress, skipped: skipped))
        }
        return summaries
    }

    private func read(
        _ mailbox: String, since: Date?, matcher: ReplyMatcher, progress: (ReplyProgress) -> Void,
        skipped: (String) -> Void
    ) throws -> MailboxSummary {
        var summary = MailboxSummary(mailbox: mailbox)
        let status = try client.examine(mailbox)
        let mark = try queue.mailboxMark(account: account, mailbox: mailbox)
        var after = 0
        if let mark {
            if mark.uidValidity == status.uidValidity { after = mark.lastUid } else { summary.rescanned = true }
        }
        let listed = try client.uids(after: after, status: status)
        // --since applies to a mailbox read from its start, not to one read before.
        let wanted =
            since.flatMap { moment in
                after == 0
                    ? listed.filter { ($0.internalDate.flatMap(MailDate.parse) ?? .distantFuture) >= moment } : nil
            } ?? listed
        let dates = Dictionary(wanted.map { ($0.uid, $0.internalDate) }, uniquingKeysWith: { first, _ in first })
        var lastUid = after
        var done = 0
        progress(ReplyProgress(mailbox: mailbox, done: 0, total: wanted.count))
        var start = 0
        var records: [InboundRecord] = []
        var uncommitted = 0
        // Records and the mark go to the queue together, every `commitEvery` messages.
        func commit() throws {
            let added = try queue.recordInbound(
                records, account: account, mailbox: mailbox,
                mark: MailboxMark(uidValidity: status.uidValidity, lastUid: lastUid))
            summary.alreadyRecorded += records.count - added.count
            for record in added {
                switch record.kind {
                case .replied: summary.replied += 1
                case .autoReplied: summary.autoReplied += 1
                case .bounced: summary.bounced += 1
                case .delayed: summary.delayed += 1
                }
            }
            records = []
            uncommitted = 0
        }
        while start < wanted.count {
            let batch = Array(wanted[start..<min(start + Self.batchSize, wanted.count)])
            start += batch.count
            let (fetched, unreadable) = try client.headers(uids: batch.map(\.uid))
            for (uid, reason) in unreadable {
                summary.skipped += 1
                skipped("UID \(uid) in \(mailbox) skipped: its header could not be read (\(reason))")
            }
            for fetch in fetched.sorted(by: { ($0.uid ?? 0) < ($1.uid ?? 0) }) {
                guard let uid = fetch.uid else { continue }
                summary.read += 1
                let headerBytes = fetch.sections.first { $0.key.hasPrefix("HEADER") }?.value ?? []
                let header = InboundHeader(MIMEEntity(headerBytes))
                guard matcher.needsBody(header) else {
                    summary.unrelated += 1
                    continue
                }
                let internalDate = dates[uid].flatMap { $0.flatMap(MailDate.parse) }
                switch try messageOutcome(uid: uid, mailbox: mailbox, internalDate: internalDate, matcher: matcher) {
                case .records(let found): records += found
                case .unrelated: summary.unrelated += 1
                case .delivered: summary.deliveredReports += 1
                case .skipped(let reason):
                    summary.skipped += 1
                    skipped("UID \(uid) in \(mailbox) skipped: \(reason)")
                }
            }
            lastUid = max(lastUid, batch.last?.uid ?? lastUid)
            uncommitted += batch.count
            if uncommitted >= Self.commitEvery || start >= wanted.count { try commit() }
            done += batch.count
            progress(ReplyProgress(mailbox: mailbox, done: done, total: wanted.count))
        }
        // Also when nothing was new (a first run on an empty mailbox, messages before --since).
        let highest = max(lastUid, listed.last?.uid ?? 0)
        if wanted.isEmpty || highest > lastUid || mark == nil || summary.rescanned {
            try queue.recordInbound(
                [], account: account, mailbox: mailbox,
                mark: MailboxMark(uidValidity: status.uidValidity, lastUid: highest))
        }
        return summary
    }

    /// Fetches the start of message `uid` and reads it; a message that cannot be fetched or
    /// read is skipped with why.
    private func messageOutcome(uid: Int, mailbox: String, internalDate: Date?, matcher: ReplyMatcher) throws
        -> ReplyMatcher.Outcome
    {
        let fetched: (bytes: [UInt8], size: Int?)?
        do {
            fetched = try client.message(uid: uid)
        } catch let error as IMAPClient.Unreadable {
            return .skipped("the server's reply could not be read (\(error.reason))")
        }
        guard let fetched else { return .skipped("it is no longer in the mailbox") }
        let message = MIMEEntity(fetched.bytes)
        let key = InboundHeader(message).messageId ?? Self.digestKey(fetched.bytes, internalDate: internalDate)
        return matcher.outcome(of: message, messageKey: key, internalDate: internalDate, mailbox: mailbox, uid: uid)
    }

    /// A stand-in for a missing Message-ID: FNV-1a (64 bits) of the message's header and its
    /// INTERNALDATE, the same however often it is read.
    static func digestKey(_ bytes: [UInt8], internalDate: Date?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let headerEnd =
            bytes.indices.first { index in
                index + 3 < bytes.count && bytes[index] == 0x0D && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x0D
                    && bytes[index + 3] == 0x0A
            } ?? bytes.count
        for byte in bytes[..<headerEnd] {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "digest:\(String(hash, radix: 16)):\(Int(internalDate?.timeIntervalSince1970 ?? 0))"
    }
}
