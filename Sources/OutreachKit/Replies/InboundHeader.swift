import Foundation

/// What a received message's header says about it: which letters it answers, who sent it,
/// whether a program sent it, and whether it is a delivery report.
struct InboundHeader {
    /// The message's own Message-ID, lower-cased with its angle brackets.
    var messageId: String?
    /// Message-IDs in `In-Reply-To`, then in `References` from the nearest ancestor back,
    /// lower-cased with angle brackets (RFC 5322 §3.6.4).
    var answeredIds: [String]
    var fromName: String
    /// The `From` address, lower-cased.
    var fromAddress: String
    var date: Date?
    /// RFC 2047 decoded.
    var subject: String
    var contentType: ContentType
    /// Why a program sent it (RFC 3834 `Auto-Submitted`, a vacation program's marker, an
    /// out-of-office subject), or nil for a message a person wrote.
    var automaticReason: String?

    /// The most Message-IDs read from `References`: the nearest ones matter.
    static let mostReferences = 200

    init(_ entity: MIMEEntity) {
        messageId = entity.raw("Message-ID").flatMap { Self.messageIds(in: $0).first }
        let parents = entity.raw("In-Reply-To").map(Self.messageIds) ?? []
        let references = (entity.raw("References").map(Self.messageIds) ?? []).suffix(Self.mostReferences).reversed()
        var answered: [String] = []
        for id in parents + references where !answered.contains(id) { answered.append(id) }
        answeredIds = answered
        (fromName, fromAddress) = Self.mailbox(entity.value("From") ?? "")
        date = entity.raw("Date").flatMap(MailDate.parse)
        subject = Self.printable(entity.value("Subject") ?? "")
        contentType = entity.contentType
        automaticReason = AutomaticReply.reason(entity, subject: subject)
    }

    /// True for `multipart/report; report-type=delivery-status` (RFC 3464, RFC 6522), or the
    /// `global-delivery-status` of RFC 6533.
    var isDeliveryReport: Bool {
        contentType.mediaType == "multipart/report"
            && ["delivery-status", "global-delivery-status"].contains(
                contentType.parameters["report-type"]?.lowercased() ?? "")
    }

    /// `<id>` tokens in a field, lower-cased.
    static func messageIds(in value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[open...close]
            if id.count > 2 && id.count <= 998 && !id.contains(" ") { ids.append(id.lowercased()) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// The display name and the lower-cased address of `"Name" <addr>`, `Name <addr>`,
    /// `addr (Name)` or a bare address.
    static func mailbox(_ value: String) -> (name: String, address: String) {
        if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            let address = value[value.index(after: open)..<close].trimmingCharacters(in: .whitespaces).lowercased()
            var name = value[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            return (printable(name), printable(address))
        }
        let words = value.split(separator: " ")
        let address =
            words.first { $0.contains("@") }.map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>,;")).lowercased()
            } ?? ""
        var name = ""
        if let open = value.firstIndex(of: "("), let close = value.lastIndex(of: ")"), open < close {
            name = String(value[value.index(after: open)..<close])
        }
        return (printable(name), printable(address))
    }

    /// Server or sender text as it may be shown and stored: every character that would not show
    /// as itself (`ServerText.isUnsafe`: controls such as a terminal's escape sequences,
    /// bidirectional overrides, zero-width characters) replaced by U+FFFD, runs of white space
    /// made one space.
    static func printable(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                if !lastWasSpace && !output.isEmpty { output.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            output.append(ServerText.isUnsafe(scalar) ? "\u{FFFD}" : scalar)
        }
        var result = String(output)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
