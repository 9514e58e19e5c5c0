import Foundation

/// Reads a stored message back into text a person reads: header fields unfolded with RFC 2047
/// encoded-words decoded, and the body decoded from its transfer encoding.
public struct MessageReader: Sendable {
    /// Header fields in order: (name, decoded value).
    public let fields: [(name: String, value: String)]
    /// The body as text, with LF line ends.
    public let body: String

    /// Parses `message` (CRLF line ends, as `MessageBuilder` writes them).
    public init(_ message: [UInt8]) {
        let split = Self.headerEnd(message)
        let rawBody = split + 4 <= message.count ? Array(message[(split + 4)...]) : []
        var fields: [(name: String, value: String)] = []
        for field in Self.rawFields(message) {
            // Unfolding (RFC 5322 §2.2.3) removes only the CRLF.
            let unfolded = field.raw.replacingOccurrences(of: "\r\n", with: "")
            guard let colon = unfolded.firstIndex(of: ":") else { continue }
            let value = unfolded[unfolded.index(after: colon)...].drop(while: { $0 == " " })
            fields.append((field.name, EncodedWord.decode(String(value))))
        }
        self.fields = fields
        let encoding =
            fields.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased() ?? "7bit"
        let bodyBytes = encoding == "quoted-printable" ? QuotedPrintable.decode(rawBody) : Data(rawBody)
        // CRLF to LF on the bytes: on text, a CR LF followed by a combining or format character
        // (U+0301, U+E0041) is one character, not matched, and a CR would be left in.
        let bytes = [UInt8](bodyBytes)
        var lines: [UInt8] = []
        lines.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated()
        where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            lines.append(byte)
        }
        body = String(decoding: lines, as: UTF8.self)
    }

    /// The header fields as stored: name and the raw text with its folds and final CRLF.
    static func rawFields(_ message: [UInt8]) -> [(name: String, raw: String)] {
        let head = String(decoding: message[..<headerEnd(message)], as: UTF8.self)
        var fields: [(name: String, raw: String)] = []
        for line in head.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = fields.popLast() {
                fields.append((last.name, last.raw + line + "\r\n"))
            } else {
                fields.append((String(line.prefix { $0 != ":" }), line + "\r\n"))
            }
        }
        return fields
    }

    /// The offset of the CRLF CRLF that ends the header, or the message's length.
    static func headerEnd(_ message: [UInt8]) -> Int {
        guard message.count >= 4 else { return message.count }
        for index in 0...(message.count - 4)
        where message[index] == 0x0D && message[index + 1] == 0x0A && message[index + 2] == 0x0D
            && message[index + 3] == 0x0A
        {
            return index
        }
        return message.count
    }

    /// The decoded value of the first field called `name` (case-insensitive), if any.
    public func value(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
