import Foundation

/// What the server said to each RCPT of one transfer, and whether it took the message: from this
/// each envelope recipient's state is recorded (`DeliveryRecord`).
struct RecipientReplies: Sendable {
    /// The reply to each RCPT, by the address as sent, lower-cased: code and text.
    var rcpt: [String: (code: Int, reply: String)] = [:]
    /// The 2xx reply after the content when the server took the message (for the addresses it
    /// accepted at RCPT), else nil.
    var accepted: String?

    init() {}

    /// Reads the replies of `exchange`.
    init(_ exchange: CurlExchange) {
        for reply in exchange.replies {
            guard case .rcpt(let address) = reply.command else { continue }
            rcpt[Self.bare(address)] = (reply.code, "\(reply.code) \(reply.text)")
        }
        if exchange.code == .ok {
            let last = exchange.replies.last { $0.command == .endOfData }
            accepted = last.map { "\($0.code) \($0.text)" } ?? "\(exchange.responseCode)"
        }
    }

    /// An address as RCPT sent it (`<Mayor@Example.com>`), without its angle brackets and
    /// spaces (RFC 5321 §4.1.2: `Forward-path = Path`, `Path = "<" Mailbox ">"`), its case kept.
    /// Read for every RCPT of every message: no `CharacterSet` is made for it.
    static func unbracketed(_ address: String) -> String {
        let trimmed = address.utf8.drop { $0 == 0x3C || $0 == 0x3E || $0 == 0x20 }
        guard let end = trimmed.lastIndex(where: { $0 != 0x3C && $0 != 0x3E && $0 != 0x20 }) else { return "" }
        return String(Substring(trimmed[...end]))
    }

    /// `unbracketed(address)`, lower-cased: the key the replies are kept by.
    static func bare(_ address: String) -> String {
        unbracketed(address).lowercased()
    }

    /// The reply to `address`'s RCPT, whatever its case.
    func reply(to address: String) -> (code: Int, reply: String)? {
        rcpt[address.lowercased()]
    }
}
