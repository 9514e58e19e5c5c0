import Foundation

/// The letters that mail from the mailbox can belong to: every email letter handed to a server
/// at least once, by Message-ID and by envelope address.
public struct LetterIndex: Sendable {
    struct Entry: Sendable {
        var id: Int64
        /// When the server took it (or, if it never said, when it was last handed over).
        var sentAt: Date
        /// Envelope addresses, lower-cased; the first is the office (To), the rest copies (Cc).
        var addresses: [String]
    }

    var byMessageId: [String: Int64] = [:]
    var byAddress: [String: [Int64]] = [:]
    var entries: [Int64: Entry] = [:]

    /// Letters known.
    public var count: Int { entries.count }
}
