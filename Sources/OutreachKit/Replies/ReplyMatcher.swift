import Foundation

/// Decides which letter a received message belongs to, and what it says about it.
///
/// - A reply names a letter's Message-ID in `In-Reply-To` or `References` (RFC 5322 §3.6.4);
///   a program's reply (see `AutomaticReply`) is told apart from a person's. An automatic reply
///   that names no letter belongs to the last letter sent to its `From` address before it.
/// - A delivery report (RFC 3464) belongs to the letter whose Message-ID its returned headers
///   (or its own `In-Reply-To`/`References`) carry; failing that, to the last letter sent to
///   the reported address (`Original-Recipient`, else `Final-Recipient`) in the 30 days
///   before the report.
/// - Mail from the sender's own addresses is not an answer.
struct ReplyMatcher {
    let index: LetterIndex
    /// The sender's own addresses, lower-cased.
    let ownAddresses: Set<String>

    /// How far back from a report a letter to the reported address may have been sent.
    static let reportWindow: TimeInterval = 30 * 86_400

    /// What one message means.
    enum Outcome: Equatable {
        /// Records for letters (one per address concerned, for a report).
        case records([InboundRecord])
        /// It belongs to no letter.
        case unrelated
        /// A report of delivery (`delivered`, `relayed`, `expanded`): nothing to record.
        case delivered
        /// It cannot be read as what it claims to be: why.
        case skipped(String)
    }

    /// True when the message may belong to a letter, so its text must be read: a delivery
    /// report, a reply naming a letter, or an automatic reply from an address letters went to.
    func needsBody(_ header: InboundHeader) -> Bool {
        if header.isDeliveryReport { return true }
        if ownAddresses.contains(header.fromAddress) { return false }
        if letter(answeredBy: header) != nil { return true }
        return header.automaticReason != nil && index.byAddress[header.fromAddress] != nil
    }

    /// What `message` says, read whole (its header and the start of its body).
    /// - Parameters:
    ///   - message: the message, its header and the start of its body.
    ///   - messageKey: its Message-ID, or a digest standing in for one.
    ///   - internalDate: the server's date for it, used when its Date field is missing or bad.
    ///   - mailbox: the mailbox it was read from.
    ///   - uid: its UID there.
    /// - Returns: the records for the letters it belongs to, or why there are none.
    func outcome(of message: MIMEEntity, messageKey: String, internalDate: Date?, mailbox: String, uid: Int) -> Outcome
    {
        let header = InboundHeader(message)
        let date = header.date ?? internalDate ?? Date()
        let sender = header.fromName.isEmpty ? "<\(header.fromAddress)>" : "\(header.fromName) <\(header.fromAddress)>"
        func record(_ letterId: Int64, _ kind: InboundRecord.Kind, excerpt: String = "") -> InboundRecord {
            InboundRecord(
                letterId: letterId, kind: kind, messageKey: messageKey, receivedAt: Timestamp.string(date),
                sender: sender,
                subject: header.subject, excerpt: excerpt, mailbox: mailbox, uid: uid)
        }
        if header.isDeliveryReport { return reportOutcome(message, header: header, date: date, record: record) }
        if ownAddresses.contains(header.fromAddress) { return .unrelated }
        let excerpt = ReplyExcerpt.text(of: message)
        if let letterId = letter(answeredBy: header) {
            return .records([
                record(letterId, header.automaticReason == nil ? .replied : .autoReplied, excerpt: excerpt)
            ])
        }
        if header.automaticReason != nil, let letterId = lastLetter(to: header.fromAddress, before: date, window: nil) {
            return .records([record(letterId, .autoReplied, excerpt: excerpt)])
        }
        return .unrelated
    }

    private func reportOutcome(
        _ message: MIMEEntity, header: InboundHeader, date: Date,
        record: (Int64, InboundRecord.Kind, String) -> InboundRecord
    ) -> Outcome {
        guard let report = DeliveryReport(message) else {
            return .skipped("a delivery report without its message/delivery-status part")
        }
        let reportDate = report.arrivalDate ?? date
        let named = ([report.originalMessageId].compactMap { $0 } + header.answeredIds).lazy.compactMap {
            index.byMessageId[$0]
        }.first
        var records: [InboundRecord] = []
        var delivered = false
        var unreadable = 0
        for recipient in report.recipients {
            guard let outcome = recipient.outcome else {
                unreadable += 1
                continue
            }
            if outcome == "delivered" {
                delivered = true
                continue
            }
            let address = recipient.address ?? ""
            guard
                let letterId = named ?? lastLetter(to: address, before: reportDate, window: Self.reportWindow)
                    ?? recipient.finalRecipient.flatMap({
                        lastLetter(to: $0, before: reportDate, window: Self.reportWindow)
                    })
            else { continue }
            let addresses = index.entries[letterId]?.addresses ?? []
            // A copy's address (Cc) bouncing leaves the letter to the office as it was.
            let isCopy =
                addresses.dropFirst().contains(address)
                || recipient.finalRecipient.map { addresses.dropFirst().contains($0) } == true
            var entry = record(letterId, outcome == "failed" ? .bounced : .delayed, "")
            entry.recipient = address
            entry.action = recipient.action ?? "(none; read from the status)"
            entry.status = recipient.status ?? ""
            entry.diagnostic = recipient.diagnostic ?? ""
            entry.concernsOffice = !isCopy
            records.append(entry)
        }
        if !records.isEmpty { return .records(records) }
        if report.recipients.isEmpty || unreadable == report.recipients.count {
            return .skipped("a delivery report without Action or Status for any recipient")
        }
        return delivered ? .delivered : .unrelated
    }

    /// The letter a message answers: the first of its `In-Reply-To` and `References` ids that
    /// is a letter's.
    func letter(answeredBy header: InboundHeader) -> Int64? {
        header.answeredIds.lazy.compactMap { index.byMessageId[$0] }.first
    }

    /// The last letter sent to `address` at or before `date` (with a day's grace for clocks),
    /// and no earlier than `window` seconds before it when given.
    func lastLetter(to address: String, before date: Date, window: TimeInterval?) -> Int64? {
        guard !address.isEmpty, let ids = index.byAddress[address.lowercased()] else { return nil }
        let latest = date.addingTimeInterval(86_400)
        let earliest = window.map { date.addingTimeInterval(-$0) } ?? Date.distantPast
        return ids.compactMap { index.entries[$0] }
            .filter { $0.sentAt <= latest && $0.sentAt >= earliest }
            .max { $0.sentAt == $1.sentAt ? $0.id < $1.id : $0.sentAt < $1.sentAt }?.id
    }
}
