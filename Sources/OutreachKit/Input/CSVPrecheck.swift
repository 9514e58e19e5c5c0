import Foundation

/// The checks CSV.swift does not make, in one pass over the raw bytes: the file is UTF-8, and
/// no quoted field is left open (RFC 4180 §2). CSV.swift then parses the file.
enum CSVPrecheck {
    /// Reads `path` in 64 KiB chunks and checks it.
    /// - Throws: `InputError.notUTF8` naming the line and the first bad bytes;
    ///   `.unterminatedQuote` naming the line where the open quoted field starts;
    ///   `.cannotRead` when the file cannot be opened.
    static func check(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError.cannotRead(path: path, reason: "no such file, or not readable")
        }
        defer { try? handle.close() }
        var state = QuoteState.fieldStart
        var line = 1
        var quoteLine = 1
        var pending: [UInt8] = []  // an incomplete UTF-8 sequence carried to the next chunk
        var first = true
        while true {
            let chunk = handle.readData(ofLength: 65_536)
            if chunk.isEmpty { break }
            var bytes = pending + [UInt8](chunk)
            pending = []
            if first {
                first = false
                if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                    throw InputError.notUTF8(
                        location: SourceLocation(file: path, line: 1), detail: "the file starts with a UTF-16 byte-order mark")
                }
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            let valid = validUTF8Prefix(bytes)
            if valid < bytes.count {
                let tail = bytes.count - valid
                if tail < 4 && isIncompleteSequence(bytes[valid...]) {
                    pending = Array(bytes[valid...])
                    bytes.removeLast(tail)
                } else {
                    let badLine = line + bytes[..<valid].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    let shown = bytes[valid..<min(bytes.count, valid + 2)].map { String(format: "0x%02X", $0) }
                    throw InputError.notUTF8(
                        location: SourceLocation(file: path, line: badLine),
                        detail: "byte \(shown.joined(separator: " ")) is not valid UTF-8 (the file may be Windows-1252 or Latin-1)")
                }
            }
            for byte in bytes {
                if byte == 0x0A { line += 1 }
                switch state {
                case .fieldStart:
                    if byte == 0x22 {
                        state = .quoted
                        quoteLine = line
                    } else if byte != 0x2C && byte != 0x0A && byte != 0x0D {
                        state = .unquoted
                    }
                case .unquoted:
                    if byte == 0x2C || byte == 0x0A { state = .fieldStart }
                case .quoted:
                    if byte == 0x22 { state = .quoteInQuoted }
                case .quoteInQuoted:
                    if byte == 0x22 {
                        state = .quoted
                    } else {
                        state = (byte == 0x2C || byte == 0x0A) ? .fieldStart : .unquoted
                    }
                }
            }
        }
        if !pending.isEmpty {
            throw InputError.notUTF8(
                location: SourceLocation(file: path, line: line), detail: "the file ends inside a multi-byte character")
        }
        if state == .quoted {
            throw InputError.unterminatedQuote(location: SourceLocation(file: path, line: quoteLine))
        }
    }

    private enum QuoteState { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The length of the longest prefix of `bytes` that is valid UTF-8.
    private static func validUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= count else { return index }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            // Overlong forms, surrogates and values above U+10FFFF (RFC 3629 §4).
            let second = bytes[index + 1]
            if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90)
                || (lead == 0xF4 && second > 0x8F)
            {
                return index
            }
            index += length
        }
        return count
    }

    /// True when `tail` is the start of a multi-byte sequence cut by the chunk boundary.
    private static func isIncompleteSequence(_ tail: ArraySlice<UInt8>) -> Bool {
        guard let lead = tail.first else { return false }
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return false
        }
        return tail.count < length && tail.dropFirst().allSatisfy { $0 & 0xC0 == 0x80 }
    }
}
