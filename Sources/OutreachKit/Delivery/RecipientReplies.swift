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
            let bare = address.trimmingCharacters(in: .init(charactersIn: "<> ")).lowercased()
            rcpt[bare] = (reply.code, "\(reply.code) \(reply.text)")
        }
        if exchange.code == .ok {
            let last = exchange.replies.last { $0.command == .endOfData }
            accepted = last.map { "\($0.code) \($0.text)" } ?? "\(exchange.responseCode)"
        }
    }

    /// The reply to `address`'s RCPT, whatever its case.
    func reply(to address: String) -> (code: Int, reply: String)? {
        rcpt[address.lowercased()]
    }
}
