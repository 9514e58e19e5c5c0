import Foundation

/// A delivery status notification (RFC 3464): per recipient what the reporting server did
/// (`Action`), the status code (`Status`, RFC 3463, e.g. 5.2.2) and the remote server's words
/// (`Diagnostic-Code`), and the Message-ID of the message it reports on, from the headers it
/// returns (`text/rfc822-headers` or `message/rfc822`).
struct DeliveryReport {
    struct Recipient: Equatable {
        /// The address as the sender gave it (`Original-Recipient`), lower-cased, if reported.
        var originalRecipient: String?
        /// The address the report is about (`Final-Recipient`), lower-cased.
        var finalRecipient: String?
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded` (lower-cased); nil when missing.
        var action: String?
        /// `5.2.2`; nil when missing.
        var status: String?
        /// The remote server's reply (`smtp; 552 5.2.2 Mailbox full`), printable, at most 300 characters.
        var diagnostic: String?

        /// The address concerned: the one the sender wrote when the report gives it.
        var address: String? { originalRecipient ?? finalRecipient }

        /// What the report means for this recipient: `failed` or `delayed` (an `Action`
        /// missing is read from the status class, RFC 3463 §3.1), `delivered` for the others;
        /// nil when neither field says.
        var outcome: String? {
            switch action {
            case "failed": return "failed"
            case "delayed": return "delayed"
            case "delivered", "relayed", "expanded": return "delivered"
            default:
                if status?.hasPrefix("5") == true { return "failed" }
                if status?.hasPrefix("4") == true { return "delayed" }
                if status?.hasPrefix("2") == true { return "delivered" }
                return nil
            }
        }

        /// The reply code in the diagnostic (`552`), if any.
        var replyCode: Int? {
            guard let diagnostic else { return nil }
            let words = diagnostic.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "-" })
            return words.lazy.compactMap { word in word.count == 3 ? Int(word) : nil }.first {
                (200...599).contains($0)
            }
        }
    }

    var recipients: [Recipient]
    /// The Message-ID of the message reported on, lower-cased, from the returned headers.
    var originalMessageId: String?
    /// `Arrival-Date` of the per-message fields.
    var arrivalDate: Date?

    /// Reads the report in `message`; nil when it holds no `message/delivery-status` part.
    init?(_ message: MIMEEntity) {
        let parts = message.allParts
        guard
            let statusPart = parts.first(where: {
                ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.mediaType)
            })
        else { return nil }
        let groups = Self.fieldGroups(statusPart.decodedBody)
        arrivalDate = groups.first?.first { $0.name == "arrival-date" }.flatMap { MailDate.parse($0.value) }
        // The per-message fields come first (RFC 3464 §2.2); a report without them starts with a recipient.
        let startsWithRecipient =
            groups.first?.contains { ["final-recipient", "original-recipient", "action"].contains($0.name) } ?? false
        recipients = groups.dropFirst(startsWithRecipient ? 0 : 1).compactMap { group -> Recipient? in
            func field(_ name: String) -> String? { group.first { $0.name == name }?.value }
            var recipient = Recipient(
                originalRecipient: field("original-recipient").flatMap(Self.address),
                finalRecipient: field("final-recipient").flatMap(Self.address),
                action: field("action")?.lowercased().split(separator: " ").first.map(String.init),
                status: field("status").flatMap(Self.statusCode), diagnostic: field("diagnostic-code").map(Self.shorten)
            )
            if recipient.action.map({ $0.isEmpty }) ?? false { recipient.action = nil }
            return recipient.address == nil && recipient.action == nil && recipient.status == nil ? nil : recipient
        }
        // The headers of the message reported on: `text/rfc822-headers` (RFC 6522), or a
        // whole `message/rfc822`, or the global forms of RFC 6533.
        let returned = parts.first {
            [
                "text/rfc822-headers", "message/rfc822-headers", "message/rfc822", "message/global",
                "message/global-headers",
            ]
            .contains($0.contentType.mediaType)
        }
        originalMessageId = returned.flatMap { part in
            MIMEEntity(part.decodedBody).raw("Message-ID").flatMap { InboundHeader.messageIds(in: $0).first }
        }
    }

    /// The groups of fields in a `message/delivery-status` body, separated by blank lines;
    /// names lower-cased, continuation lines joined.
    static func fieldGroups(_ body: [UInt8]) -> [[(name: String, value: String)]] {
        var groups: [[(name: String, value: String)]] = []
        var current: [UInt8] = []
        var lines = body.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 0x0D ? line.dropLast() : line
        }
        lines.append([])
        for line in lines {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if !current.isEmpty {
                    let fields = MIMEEntity.parseFields(current[...]).map {
                        (name: $0.name.lowercased(), value: $0.value)
                    }
                    if !fields.isEmpty { groups.append(fields) }
                    current = []
                }
                continue
            }
            current += line
            current.append(0x0A)
        }
        return groups
    }

    /// `rfc822; Mayor@Example.com` → `mayor@example.com`.
    static func address(_ value: String) -> String? {
        let text = value.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let address = text.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")).lowercased()
        return address.isEmpty ? nil : InboundHeader.printable(address)
    }

    /// `5.2.2 (mailbox full)` → `5.2.2`; nil when it is no status code.
    static func statusCode(_ value: String) -> String? {
        let code = value.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber || $0 == "." }
        let parts = code.split(separator: ".")
        guard parts.count == 3, let first = parts.first, ["2", "4", "5"].contains(first) else { return nil }
        return String(code)
    }

    static func shorten(_ value: String) -> String {
        let text = InboundHeader.printable(value)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
