import Foundation

/// A received message or one of its MIME parts (RFC 2045, RFC 2046), read leniently: whatever a
/// mail server delivered, this never traps. Header bytes that are not UTF-8 are read as
/// ISO 8859-1; lines may end in CRLF or LF; a multipart body cut short (only the first bytes of
/// a large message are fetched) keeps the parts that came.
struct MIMEEntity {
    /// Header fields in order: name as written, value unfolded (RFC 5322 §2.2.3) and not yet
    /// decoded from RFC 2047.
    var fields: [(name: String, value: String)]
    /// The body, still in its transfer encoding.
    var body: ArraySlice<UInt8>
    /// For `multipart/*`: the parts that came whole or cut short.
    var parts: [MIMEEntity] = []

    /// Nesting of multiparts read; deeper ones are kept as opaque bodies.
    static let deepest = 8
    /// Parts read in one multipart; more are ignored.
    static let mostParts = 100

    init(_ bytes: ArraySlice<UInt8>, depth: Int = 0) {
        let (head, bodyStart) = Self.splitHeader(bytes)
        fields = Self.parseFields(head)
        body = bytes[bodyStart...]
        let type = contentType
        if type.type == "multipart", depth < Self.deepest, let boundary = type.parameters["boundary"], !boundary.isEmpty
        {
            parts = Self.split(body, boundary: Array(boundary.utf8)).prefix(Self.mostParts).map {
                MIMEEntity($0, depth: depth + 1)
            }
        }
    }

    init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// The first field named `name` (any case), unfolded, not RFC 2047-decoded.
    func raw(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The first field named `name`, with RFC 2047 encoded-words decoded.
    func value(_ name: String) -> String? {
        raw(name).map(EncodedWord.decode)
    }

    /// `Content-Type` (RFC 2045 §5.1); `text/plain` when absent (RFC 2045 §5.2), with lower-cased
    /// type, subtype and parameter names.
    var contentType: ContentType { ContentType(raw("Content-Type") ?? "text/plain") }

    /// True when the part is marked as an attachment (RFC 2183).
    var isAttachment: Bool {
        (raw("Content-Disposition") ?? "").lowercased().trimmingCharacters(in: .whitespaces).hasPrefix("attachment")
    }

    /// The body decoded from its transfer encoding (base64, quoted-printable, or as it is).
    var decodedBody: [UInt8] {
        switch (raw("Content-Transfer-Encoding") ?? "").lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64":
            return [UInt8](
                Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters) ?? Data(Self.base64Prefix(body)))
        case "quoted-printable": return [UInt8](QuotedPrintable.decode(Array(body)))
        default: return Array(body)
        }
    }

    /// The body as text in its charset (UTF-8 when unnamed or unknown and valid, else ISO 8859-1).
    var text: String { Self.decode(decodedBody, charset: contentType.parameters["charset"]) }

    /// Base64 cut short (a message fetched in part): the whole 4-character groups that came.
    private static func base64Prefix(_ body: ArraySlice<UInt8>) -> [UInt8] {
        let clean = body.filter { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2B
                || byte == 0x2F
        }
        let whole = clean.prefix(clean.count / 4 * 4)
        return [UInt8](Data(base64Encoded: Data(whole)) ?? Data())
    }

    /// Text in `charset`; bytes that are not valid in it never trap.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch (charset ?? "").lowercased() {
        case "iso-8859-1", "latin1", "iso8859-1", "iso-8859-15":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "windows-1252", "cp1252":
            return String(data: Data(bytes), encoding: .windowsCP1252)
                ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return text(bytes)
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, else ISO 8859-1 (every byte a character).
    static func text<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The header (without the blank line) and where the body starts.
    private static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Int) {
        var index = bytes.startIndex
        // A part that starts with a blank line has no header.
        if bytes.first == 0x0A { return (bytes[index..<index], index + 1) }
        if bytes.first == 0x0D && bytes.dropFirst().first == 0x0A { return (bytes[index..<index], index + 2) }
        while index < bytes.endIndex {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { break }
            let next = newline + 1
            if next < bytes.endIndex && bytes[next] == 0x0A { return (bytes[bytes.startIndex..<next], next + 1) }
            if next + 1 < bytes.endIndex && bytes[next] == 0x0D && bytes[next + 1] == 0x0A {
                return (bytes[bytes.startIndex..<next], next + 2)
            }
            index = next
        }
        return (bytes, bytes.endIndex)
    }

    /// Header lines into fields: continuation lines (starting with a space or tab) are joined
    /// to the field before; a line without a colon is dropped.
    static func parseFields(_ head: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for rawLine in head.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            guard let first = line.first else { continue }
            if first == 0x20 || first == 0x09 {
                guard let last = fields.popLast() else { continue }
                fields.append((last.name, last.value + text(line)))
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            let name = text(line[line.startIndex..<colon]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { continue }
            fields.append((name, text(line[(colon + 1)...]).trimmingCharacters(in: .whitespaces)))
        }
        return fields
    }

    /// The parts of a multipart body between `--boundary` lines (RFC 2046 §5.1.1); the
    /// preamble and epilogue are dropped, a last part without its closing line is kept.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let marker: [UInt8] = [0x2D, 0x2D] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            // The boundary, then only "--" (the last) or white space: "--b1" is not "--b10".
            let after = line.dropFirst(marker.count)
            if line.starts(with: marker)
                && (after.starts(with: [0x2D, 0x2D]) || after.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            {
                if let start = partStart {
                    // The CRLF before the delimiter belongs to it (RFC 2046 §5.1.1).
                    var end = lineStart
                    if end > start && body[end - 1] == 0x0A { end -= 1 }
                    if end > start && body[end - 1] == 0x0D { end -= 1 }
                    parts.append(body[start..<end])
                }
                let rest = line.dropFirst(marker.count)
                if rest.starts(with: [0x2D, 0x2D]) { return parts }
                partStart = min(lineEnd + 1, body.endIndex)
                if parts.count >= mostParts { return parts }
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    /// Every part, depth first, this one included.
    var allParts: [MIMEEntity] {
        [self] + parts.flatMap(\.allParts)
    }
}
