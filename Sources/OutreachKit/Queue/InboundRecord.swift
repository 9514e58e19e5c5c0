import Foundation
import GRDB

/// A message read from the mailbox that belongs to a letter: a reply, an automatic reply, or a
/// delivery report for one of its addresses. Stored in `inboundMessage` (append-only) and
/// written into the letter's history as an event of the same kind.
public struct InboundRecord: Sendable, Equatable, Codable {
    /// Raw values are stored in `inboundMessage.kind` and `event.kind`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A person at the office answered. A sent letter becomes `replied`.
        case replied
        /// A program answered (out of office, vacation, ticket receipt). The status stays.
        case autoReplied = "auto-replied"
        /// A delivery report with `Action: failed`. A sent letter becomes `bounced` when the
        /// address concerned is the office's (its To), not a copy's.
        case bounced
        /// A delivery report with `Action: delayed`: the server still tries. The status stays.
        case delayed
    }

    public var letterId: Int64
    public var kind: Kind
    /// The message's Message-ID, or a digest of its header when it has none: a message is
    /// recorded once per letter and address however often the mailbox is read.
    public var messageKey: String
    /// For delivery reports: the address concerned (lower-cased); empty otherwise.
    public var recipient: String
    /// When the message was written: its Date field, else the server's INTERNALDATE (ISO 8601 UTC).
    public var receivedAt: String
    /// `Name <address>` of the sender (for a report, the reporting server's sender).
    public var sender: String
    public var subject: String
    /// The first lines a person wrote (replies), or what the program said (automatic replies).
    public var excerpt: String
    /// For delivery reports: RFC 3464 `Action`, `Status` and `Diagnostic-Code`.
    public var action: String
    public var status: String
    public var diagnostic: String
    /// Where it was read: the mailbox and the message's UID there.
    public var mailbox: String
    public var uid: Int
    /// For a bounce: true when the address concerned is the letter's To (the office), so the
    /// letter becomes `bounced`; false for a copy (Cc), recorded only.
    public var concernsOffice: Bool

    public init(
        letterId: Int64, kind: Kind, messageKey: String, recipient: String = "", receivedAt: String, sender: String,
        subject: String,
        excerpt: String = "", action: String = "", status: String = "", diagnostic: String = "", mailbox: String,
        uid: Int,
        concernsOffice: Bool = true
    ) {
        self.letterId = letterId
        self.kind = kind
        self.messageKey = messageKey
        self.recipient = recipient
        self.receivedAt = receivedAt
        self.sender = sender
        self.subject = subject
        self.excerpt = excerpt
        self.action = action
        self.status = status
        self.diagnostic = diagnostic
        self.mailbox = mailbox
        self.uid = uid
        self.concernsOffice = concernsOffice
    }

    /// One line for the letter's history.
    public var summary: String {
        switch kind {
        case .replied, .autoReplied:
            return "\(sender), \(receivedAt): \(subject)"
        case .bounced, .delayed:
            let parts = [
                "Action \(action.isEmpty ? "(none)" : action)", status.isEmpty ? nil : "Status \(status)",
                diagnostic.isEmpty ? nil : diagnostic,
            ]
            return
                "\(recipient.isEmpty ? "(address not given)" : recipient): \(parts.compactMap { $0 }.joined(separator: ", "))"
        }
    }

    /// The SMTP reply code in a report's diagnostic (`552`), if any.
    var replyCode: Int? {
        DeliveryReport.Recipient(action: nil, status: nil, diagnostic: diagnostic).replyCode
    }
}
