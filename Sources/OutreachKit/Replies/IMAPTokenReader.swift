import Foundation

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
