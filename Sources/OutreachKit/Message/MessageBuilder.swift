import Foundation

/// Builds complete RFC 5322 messages: one text/plain part, CRLF line ends throughout.
///
/// - Header fields (RFC 5322 §3.6): Date (§3.3, numeric zone), Message-ID (§3.6.4), From, To,
///   Cc, Reply-To, Subject, MIME-Version, Content-Type, Content-Transfer-Encoding; never Bcc.
/// - Non-ASCII display names and subjects become RFC 2047 encoded-words of at most 75
///   characters; the addr-spec is never encoded. Fields fold at white space to 78 characters.
/// - The body is `7bit` (charset us-ascii) when it is ASCII and no line passes 998 octets
///   (RFC 5322 §2.1.1), quoted-printable (RFC 2045 §6.7, charset utf-8) otherwise.
/// - The body is not dot-stuffed: libcurl does that on the wire (RFC 5321 §4.5.2).
public enum MessageBuilder {
    /// RFC 5322 §2.1.1: a line is at most 998 octets, excluding CRLF.
    public static let maximumLineLength = 998

    /// The header fields a batch of letters shares, encoded once: Date, From, Cc, Reply-To.
    struct FixedFields: Sendable {
        let date: String
        let from: String
        let cc: String
        let replyTo: String

        init(from: Mailbox, cc: [Mailbox], replyTo: [Mailbox], date: Date, formattedDate: String? = nil)
            throws(MessageError)
        {
            for mailbox in [from] + cc + replyTo { try checkHeaderText(mailbox.displayName, field: "display name") }
            self.date = "Date: \(formattedDate ?? MessageDate.format(date))\r\n"
            self.from = HeaderField.mailboxes("From", [from])
            self.cc = cc.isEmpty ? "" : HeaderField.mailboxes("Cc", cc)
            self.replyTo = replyTo.isEmpty ? "" : HeaderField.mailboxes("Reply-To", replyTo)
        }
    }

    /// Builds a message from fields prepared once per batch and the fields of one letter.
    /// - Parameters:
    ///   - fixed: Date, From, Cc and Reply-To, encoded once for the batch.
    ///   - to: the To mailboxes; empty for a letter that is not emailed (web form, post).
    ///   - subject: the subject, decoded text on one line.
    ///   - messageID: the Message-ID with angle brackets (RFC 5322 §3.6.4).
    ///   - body: the text as UTF-8; any of CRLF, LF or CR ends a line.
    ///   - buffer: where the message is put together (emptied first): one per thread, kept from
    ///     message to message so that its storage is reused.
    /// - Returns: the message bytes.
    /// - Throws: `MessageError.controlCharacter` when a header value holds a control character
    ///   (the last guard against header injection); `.headerTooLong` past 998 octets.
    static func build(
        fixed: FixedFields, to: [Mailbox], subject: String, messageID: String, body: [UInt8],
        buffer: ByteBuffer = ByteBuffer()
    ) throws(MessageError) -> [UInt8] {
        try checkHeaderText(subject, field: "Subject")
        for mailbox in to { try checkHeaderText(mailbox.displayName, field: "display name") }
        var head: [UInt8] = []
        head.reserveCapacity(1024)
        head += fixed.date.utf8
        head += "Message-ID: ".utf8
        head += messageID.utf8
        head += [0x0D, 0x0A]
        head += fixed.from.utf8
        if !to.isEmpty { HeaderField.mailboxes("To", to, to: &head) }
        head += fixed.cc.utf8
        head += fixed.replyTo.utf8
        return try textPart(head: head, subject: subject, body: body, buffer: buffer)
    }

    /// Replaces the Subject and the text of a stored message (after `outreach edit`), keeping
    /// every other header field as it was: From, To, Cc, Date, Message-ID.
    /// - Throws: `MessageError.controlCharacter` for a control character in the subject.
    public static func replacingText(of message: [UInt8], subject: String, body: [UInt8]) throws(MessageError)
        -> [UInt8]
    {
        try checkHeaderText(subject, field: "Subject")
        let replaced: Set<String> = ["subject", "mime-version", "content-type", "content-transfer-encoding"]
        let head = MessageReader.rawFields(message)
            .filter { !replaced.contains($0.name.lowercased()) }
            .map(\.raw)
            .joined()
        return try textPart(head: Array(head.utf8), subject: subject, body: body, buffer: ByteBuffer())
    }

    /// Adds Subject and the MIME fields to `head`, then the blank line and the body: `7bit` with
    /// its line ends made CRLF, or quoted-printable; both written once, straight into `buffer`.
    /// - Returns: the message, copied out of `buffer`.
    /// - Throws: `MessageError.controlCharacterInBody` for a control character in the body
    ///   other than tab and line breaks: the last guard, after the checks on each input.
    private static func textPart(head: [UInt8], subject: String, body: [UInt8], buffer: ByteBuffer)
        throws(MessageError) -> [UInt8]
    {
        let text = BodyText(body)
        if text.hasControl { throw .controlCharacterInBody(field: "text", source: "message") }
        let sevenBit = text.isASCII && text.longestLine <= maximumLineLength
        var message = head
        HeaderField.unstructured("Subject", subject, to: &message)
        message += "MIME-Version: 1.0\r\n".utf8
        message +=
            (text.isASCII
            ? "Content-Type: text/plain; charset=us-ascii\r\n" : "Content-Type: text/plain; charset=utf-8\r\n").utf8
        message +=
            (sevenBit ? "Content-Transfer-Encoding: 7bit\r\n" : "Content-Transfer-Encoding: quoted-printable\r\n").utf8
        var lineStart = 0
        for (index, byte) in message.enumerated() where byte == 0x0A {
            if index - 1 - lineStart > maximumLineLength {
                let line = String(decoding: message[lineStart..<(index - 1)], as: UTF8.self)
                throw .headerTooLong(field: String(line.prefix(while: { $0 != ":" })), octets: index - 1 - lineStart)
            }
            lineStart = index + 1
        }
        message += [0x0D, 0x0A]
        buffer.removeAll()
        buffer.append(contentsOf: message)
        body.withUnsafeBufferPointer { bytes in
            if !sevenBit {
                QuotedPrintable.encode(bytes, endingWithLineBreak: true, into: buffer)
            } else if text.isCRLF {
                buffer.append(contentsOf: bytes)
            } else {
                appendWithCRLF(bytes, to: buffer)
            }
        }
        return buffer.bytes
    }

    /// Appends `body` with every CR, LF and CRLF made CRLF, ending with one.
    private static func appendWithCRLF(_ body: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        buffer.withSpace(atMost: 2 * body.count + 2) { output in
            var written = 0
            var index = 0
            let count = body.count
            while index < count {
                let byte = body[index]
                if byte == 0x0D || byte == 0x0A {
                    output[written] = 0x0D
                    output[written + 1] = 0x0A
                    written += 2
                    index += byte == 0x0D && index + 1 < count && body[index + 1] == 0x0A ? 2 : 1
                    continue
                }
                output[written] = byte
                written += 1
                index += 1
            }
            if count == 0 || (body[count - 1] != 0x0A && body[count - 1] != 0x0D) {
                output[written] = 0x0D
                output[written + 1] = 0x0A
                written += 2
            }
            return written
        }
    }

    /// Replaces the Date header of a stored message (send time), keeping every other byte.
    /// - Returns: the message with the new Date, or the message unchanged when it has none.
    public static func restamp(_ message: [UInt8], date: Date) -> [UInt8] {
        restamp(message, dateField: MessageDate.format(date))
    }

    /// Gives a copy of a message another Message-ID (RFC 5322 §3.6.4: each message has its own),
    /// in the header section only: `send --test` sends such a copy (see `MessageID.makeTest`).
    /// - Parameters:
    ///   - message: the RFC 5322 message, CRLF line ends.
    ///   - messageID: its Message-ID, with angle brackets.
    ///   - copyID: the copy's, with angle brackets.
    /// - Returns: the message with `copyID`; unchanged when the field is not in the header.
    public static func copy(_ message: [UInt8], messageID: String, as copyID: String) -> [UInt8] {
        let field = Array("\r\nMessage-ID: \(messageID)\r\n".utf8)
        let headerEnd = firstRange(of: Array("\r\n\r\n".utf8), in: message) ?? message.count
        guard let start = firstRange(of: field, in: message), start < headerEnd else { return message }
        let renamed = Array("\r\nMessage-ID: \(copyID)\r\n".utf8)
        return Array(message[..<start]) + renamed + message[(start + field.count)...]
    }

    /// Where `needle` first starts in `bytes`, or nil.
    private static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// Replaces the Date header's value with `dateField` (already formatted, RFC 5322 §3.3).
    public static func restamp(_ message: [UInt8], dateField: String) -> [UInt8] {
        let prefix = Array("Date: ".utf8)
        guard message.starts(with: prefix), let end = firstCRLF(in: message) else { return message }
        return prefix + Array(dateField.utf8) + message[end...]
    }

    /// Writes a stored message into `buffer` (emptied first, its storage kept) with the Date
    /// header's value replaced by `dateField`: the same bytes as `restamp(_:dateField:)`, without
    /// making a new array for each message a run sends.
    /// - Parameters:
    ///   - stored: the message as stored in the queue.
    ///   - dateField: the Date field's value (RFC 5322 §3.3).
    ///   - buffer: receives the message; unchanged bytes when it has no Date header first.
    static func restamp(_ stored: UnsafeRawBufferPointer, dateField: String, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        let prefix = "Date: ".utf8
        var end = -1
        if stored.starts(with: prefix) {
            var index = prefix.count
            while index + 1 < stored.count {
                if stored[index] == 0x0D && stored[index + 1] == 0x0A {
                    end = index
                    break
                }
                index += 1
            }
        }
        guard end >= 0 else {
            buffer.append(contentsOf: stored)
            return
        }
        buffer.append(contentsOf: prefix)
        buffer.append(contentsOf: dateField.utf8)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: stored[end...]))
    }

    /// Refuses CR, LF and other control characters (C0, DEL, C1) in text bound for a header.
    static func checkHeaderText(_ text: String, field: String) throws(MessageError) {
        if containsControl(text, allowingLineBreaks: false) { throw .controlCharacter(field: field, source: "message") }
    }

    /// True when `text` holds a control character; tab, CR and LF are allowed when
    /// `allowingLineBreaks` (body text).
    public static func containsControl(_ text: String, allowingLineBreaks: Bool) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) {
                if allowingLineBreaks && (value == 0x09 || value == 0x0A || value == 0x0D) { continue }
                return true
            }
            // U+2028/2029 are line breaks to some readers.
            if value == 0x2028 || value == 0x2029 { return true }
        }
        return false
    }

    /// What one read of a body finds, before it is written out: whether it is ASCII, its
    /// longest line, whether it holds a control character, and whether its line ends are
    /// already all CRLF with one at the end (then it is copied as it is).
    struct BodyText {
        var isASCII = true
        /// The longest line, in octets, without its line break.
        var longestLine = 0
        /// A control character other than tab and line breaks: C0, DEL, C1, U+2028, U+2029.
        var hasControl = false
        /// Every CR is followed by LF, every LF follows a CR, and the text ends with CRLF.
        var isCRLF = true

        /// Reads `body` once; any of CR, LF and CRLF ends a line.
        init(_ body: [UInt8]) {
            body.withUnsafeBufferPointer { body in
                var lineLength = 0
                var index = 0
                let count = body.count
                while index < count {
                    let byte = body[index]
                    if byte < 0x20 || byte >= 0x7F {
                        if byte == 0x0D || byte == 0x0A {
                            let pair = byte == 0x0D && index + 1 < count && body[index + 1] == 0x0A
                            if !pair { isCRLF = false }
                            longestLine = max(longestLine, lineLength)
                            lineLength = 0
                            index += pair ? 2 : 1
                            continue
                        }
                        if byte >= 0x80 {
                            isASCII = false
                            // C1 is C2 80...9F in UTF-8; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                            let next = index + 1 < count ? body[index + 1] : 0
                            if (byte == 0xC2 && (0x80...0x9F).contains(next))
                                || (byte == 0xE2 && next == 0x80 && index + 2 < count
                                    && (0xA8...0xA9).contains(body[index + 2]))
                            {
                                hasControl = true
                            }
                        } else if byte != 0x09 {
                            hasControl = true
                        }
                    }
                    lineLength += 1
                    index += 1
                }
                longestLine = max(longestLine, lineLength)
                if lineLength > 0 || count == 0 { isCRLF = false }
            }
        }
    }

    private static func firstCRLF(in bytes: [UInt8]) -> Int? {
        firstRange(of: [0x0D, 0x0A], in: bytes)
    }
}
