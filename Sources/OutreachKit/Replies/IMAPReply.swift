import Foundation

/// An IMAP server's reply to one command, read from its bytes (RFC 3501 §7, §9): the data of
/// `FETCH` responses, what `EXAMINE` reports, and the tagged completion.
///
/// Reading never traps on bad input: a reply cut short, a literal longer than what came, or a
/// line that is no IMAP is reported through `complete` and `problem`, with what was read before it.
struct IMAPReply {
    /// One message's data from a `FETCH` response.
    struct Fetch {
        /// The message sequence number.
        var sequence: Int
        var uid: Int?
        /// `INTERNALDATE` as sent (`17-Jul-1996 02:44:25 -0700`).
        var internalDate: String?
        var flags: [String] = []
        /// RFC822.SIZE, in bytes.
        var size: Int?
        /// `BODY[...]` sections by their name as the server echoed it (`HEADER`, `TEXT`,
        /// `HEADER.FIELDS (...)`), each with the partial origin stripped, and their bytes.
        var sections: [String: [UInt8]] = [:]
    }

    var fetches: [Fetch] = []
    /// From `EXAMINE`: `[UIDVALIDITY n]`, `[UIDNEXT n]`, `n EXISTS`.
    var uidValidity: Int?
    var uidNext: Int?
    var exists: Int?
    /// `OK`, `NO` or `BAD` from the tagged lines: the first refusal, else the last `OK`; nil
    /// when none came.
    var status: String?
    /// That tagged line's text (a `BYE`'s text when the server said goodbye instead).
    var text = ""
    /// True when the reply ended with its tagged line and every literal was whole.
    var complete = false
    /// Why the reply could not be read to its end.
    var problem: String?

    /// Reads `bytes` (the reply as the server sent it, CRLF line ends).
    init(_ bytes: [UInt8]) {
        var reader = IMAPTokenReader(bytes)
        // The first command on a connection also carries the greeting and the login's own
        // tagged lines: the command's completion is the last line.
        var lastWasTagged = false
        while !reader.atEnd {
            do {
                lastWasTagged = try readLine(&reader)
            } catch let error as IMAPTokenReader.Problem {
                problem = error.reason
                return
            } catch {
                problem = "\(error)"
                return
            }
        }
        complete = lastWasTagged
        if !complete { problem = "the reply ended before the server said it was complete" }
    }

    /// Reads one response line (with any literals in it); true for a tagged completion.
    private mutating func readLine(_ reader: inout IMAPTokenReader) throws -> Bool {
        let tag = reader.atom()
        reader.skipSpaces()
        if tag == "+" {
            try reader.skipLine()
            return false
        }
        if tag != "*" {
            guard !tag.isEmpty else { throw IMAPTokenReader.Problem(reason: "a reply line without a tag") }
            let lineStatus = reader.atom().uppercased()
            reader.skipSpaces()
            let lineText = reader.restOfLine()
            // A refusal stays the answer though libcurl's LOGOUT after it is answered OK.
            if status == nil || status == "OK" {
                status = lineStatus
                text = lineText
            }
            return true
        }
        let word = reader.atom()
        reader.skipSpaces()
        if let number = Int(word) {
            let kind = reader.atom().uppercased()
            reader.skipSpaces()
            switch kind {
            case "FETCH": fetches.append(try readFetch(&reader, sequence: number))
            case "EXISTS": exists = number
            default: break
            }
            try reader.skipLine()
            return false
        }
        switch word.uppercased() {
        case "OK", "NO", "BAD", "BYE", "PREAUTH":
            if reader.peek == UInt8(ascii: "[") {
                let code = reader.bracketed()
                let parts = code.split(separator: " ")
                if parts.count == 2, let value = Int(parts[1]) {
                    switch parts[0].uppercased() {
                    case "UIDVALIDITY": uidValidity = value
                    case "UIDNEXT": uidNext = value
                    default: break
                    }
                }
            }
            if word.uppercased() == "BYE" && status == nil { text = reader.restOfLine() } else { try reader.skipLine() }
        default:
            try reader.skipLine()
        }
        return false
    }

    private func readFetch(_ reader: inout IMAPTokenReader, sequence: Int) throws -> Fetch {
        var fetch = Fetch(sequence: sequence)
        try reader.expect(UInt8(ascii: "("))
        while true {
            reader.skipSpaces()
            if reader.peek == UInt8(ascii: ")") {
                reader.advance()
                return fetch
            }
            let name = try reader.itemName()
            reader.skipSpaces()
            switch name.uppercased() {
            case "UID": fetch.uid = Int(reader.atom())
            case "RFC822.SIZE": fetch.size = Int(reader.atom())
            case "INTERNALDATE": fetch.internalDate = try reader.nstring().map { String(decoding: $0, as: UTF8.self) }
            case "FLAGS": fetch.flags = try reader.list()
            default:
                if name.uppercased().hasPrefix("BODY[") || name.uppercased().hasPrefix("BINARY[") {
                    var section = String(name.drop { $0 != "[" }.dropFirst())
                    if let close = section.lastIndex(of: "]") { section = String(section[..<close]) }
                    fetch.sections[section.uppercased()] = try reader.nstring() ?? []
                } else {
                    try reader.skipValue()
                }
            }
        }
    }
}

/// Reads IMAP tokens from bytes: atoms, quoted strings, literals, lists (RFC 3501 §4, §9).
struct IMAPTokenReader {
    struct Problem: Error {
        var reason: String
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Nesting allowed in a skipped value: deeper is refused rather than recursed into.
    private static let deepest = 64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() { index += 1 }

    mutating func skipSpaces() {
        while index < bytes.count && bytes[index] == 0x20 { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else {
            throw Problem(reason: "expected '\(Character(Unicode.Scalar(byte)))' in a FETCH response")
        }
        index += 1
    }

    /// Bytes up to a space, parenthesis, bracket or line end.
    mutating func atom() -> String {
        let start = index
        while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x28 || byte == 0x29 || byte == 0x0D || byte == 0x0A || byte == 0x5B || byte == 0x5D
    }

    /// A FETCH item name, with its `[section]` (spaces and parentheses included) and `<origin>`.
    mutating func itemName() throws -> String {
        var name = atom()
        if peek == UInt8(ascii: "[") {
            name += "[" + bracketed() + "]"
            if peek == UInt8(ascii: "<") {
                while let byte = peek, byte != UInt8(ascii: ">") { index += 1 }
                index += 1
            }
        }
        guard !name.isEmpty else { throw Problem(reason: "an empty item name in a FETCH response") }
        return name
    }

    /// The text between `[` and its `]` (the index left after the `]`).
    mutating func bracketed() -> String {
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != 0x5D, bytes[index] != 0x0A { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if peek == 0x5D { index += 1 }
        return text
    }

    /// NIL, a quoted string or a literal.
    mutating func nstring() throws -> [UInt8]? {
        guard let byte = peek else { throw Problem(reason: "the reply ended inside a FETCH response") }
        switch byte {
        case UInt8(ascii: "\""): return try quoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"): return try literal()
        default:
            let word = atom()
            guard word.uppercased() == "NIL" else {
                throw Problem(reason: "'\(word.prefix(20))' where a string was expected")
            }
            return nil
        }
    }

    private mutating func quoted() throws -> [UInt8] {
        index += 1
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return value }
            if byte == UInt8(ascii: "\\"), index < bytes.count {
                value.append(bytes[index])
                index += 1
            } else if byte == 0x0A {
                break
            } else {
                value.append(byte)
            }
        }
        throw Problem(reason: "a quoted string without its closing quote")
    }

    /// `{n}` CRLF and n bytes (`~{n}` for BINARY, RFC 3516).
    private mutating func literal() throws -> [UInt8] {
        if peek == UInt8(ascii: "~") { index += 1 }
        index += 1
        var count = 0
        while let byte = peek, (0x30...0x39).contains(byte) {
            count = count * 10 + Int(byte - 0x30)
            guard count <= 1 << 31 else { throw Problem(reason: "a literal of more than 2 GiB") }
            index += 1
        }
        if peek == UInt8(ascii: "+") { index += 1 }
        guard peek == UInt8(ascii: "}") else { throw Problem(reason: "a literal's size is not a number") }
        index += 1
        if peek == 0x0D { index += 1 }
        guard peek == 0x0A else { throw Problem(reason: "a literal's size is not at the end of its line") }
        index += 1
        guard bytes.count - index >= count else {
            throw Problem(reason: "a literal of \(count) bytes with only \(bytes.count - index) received")
        }
        let value = Array(bytes[index..<(index + count)])
        index += count
        return value
    }

    /// A parenthesized list of atoms (FLAGS).
    mutating func list() throws -> [String] {
        try expect(UInt8(ascii: "("))
        var items: [String] = []
        while true {
            skipSpaces()
            guard let byte = peek, byte != 0x0A, byte != 0x0D else {
                throw Problem(reason: "a list without its closing parenthesis")
            }
            if byte == UInt8(ascii: ")") {
                index += 1
                return items
            }
            let item = atom()
            if item.isEmpty { index += 1 } else { items.append(item) }
        }
    }

    /// Skips one value of any kind: atom, string, literal or (nested) list.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.deepest else { throw Problem(reason: "lists nested more than \(Self.deepest) deep") }
        guard let byte = peek else { throw Problem(reason: "the reply ended inside a FETCH response") }
        switch byte {
        case UInt8(ascii: "("):
            index += 1
            while true {
                skipSpaces()
                guard let next = peek, next != 0x0A, next != 0x0D else {
                    throw Problem(reason: "a list without its closing parenthesis")
                }
                if next == UInt8(ascii: ")") {
                    index += 1
                    return
                }
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "~"):
            _ = try nstring()
        default:
            if atom().isEmpty { index += 1 }
        }
    }

    /// Skips to the next line, past any literal announced on the way.
    mutating func skipLine() throws {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                index += 1
                return
            }
            if byte == UInt8(ascii: "{") && lineEndsAfterBrace() {
                _ = try literal()
                continue
            }
            index += 1
        }
    }

    /// True when `{digits}` CRLF starts at the index: a literal, not text that holds a brace.
    private func lineEndsAfterBrace() -> Bool {
        var position = index + 1
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
        guard position > index + 1, position < bytes.count, bytes[position] == UInt8(ascii: "}") else { return false }
        position += 1
        if position < bytes.count && bytes[position] == 0x0D { position += 1 }
        return position < bytes.count && bytes[position] == 0x0A
    }

    /// The rest of the line as text, without its CRLF.
    mutating func restOfLine() -> String {
        let start = index
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        var end = index
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        if index < bytes.count { index += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
