import Foundation

/// How a spreadsheet was exported: the encoding, a byte-order mark, the line ends, the delimiter
/// between fields, and Excel's `sep=` first line. Detected from the file (the delimiter from the
/// header row, by the character that occurs most there outside quotes), or given.
public struct SpreadsheetDialect: Sendable, Codable, Equatable {
    /// `UTF-8`, or the encoding the file was converted from (`--encoding`).
    public var encoding: String
    /// True when the file starts with a byte-order mark (Excel's "CSV UTF-8").
    public var byteOrderMark: Bool
    /// `CRLF`, `LF` or `CR`.
    public var lineEnd: String
    /// The delimiter between fields: `,`, `;`, a tab or `|`.
    public var delimiter: String
    /// True when the first line is Excel's `sep=;` (it names the delimiter and is not the header).
    public var separatorLine: Bool

    /// The delimiters detected, with their names for messages.
    static let delimiters: [(character: UInt8, name: String)] = [
        (0x2C, "commas"), (0x3B, "semicolons"), (0x09, "tabs"), (0x7C, "vertical bars"),
    ]

    /// The delimiter's name: `commas`, `semicolons`, `tabs`, `vertical bars`.
    public var delimiterName: String {
        Self.delimiters.first { String(UnicodeScalar($0.character)) == delimiter }?.name ?? delimiter.debugDescription
    }

    /// One line for a person: `UTF-8 with a byte-order mark, CRLF line ends, fields separated by
    /// semicolons (Excel's sep=; line)`.
    public var summary: String {
        var text = encoding == "UTF-8" ? "UTF-8" : "\(encoding) (converted to UTF-8)"
        if byteOrderMark { text += " with a byte-order mark" }
        text += ", \(lineEnd) line ends, fields separated by \(delimiterName)"
        if separatorLine { text += " (Excel's sep=\(delimiter == "\t" ? "\\t" : delimiter) line)" }
        return text
    }

    /// The delimiter `--delimiter` names: `,` `;` `|`, `tab` or `\t`, or `comma`, `semicolon`, `pipe`.
    /// - Parameter text: the option's value.
    /// - Returns: the delimiter's byte.
    /// - Throws: `SpreadsheetError.badDelimiter` for anything else.
    static func delimiter(named text: String) throws -> UInt8 {
        switch text.lowercased() {
        case ",", "comma": return 0x2C
        case ";", "semicolon": return 0x3B
        case "\t", "\\t", "tab": return 0x09
        case "|", "pipe": return 0x7C
        default: throw SpreadsheetError.badDelimiter(value: text)
        }
    }

    /// The line end the first line uses.
    static func lineEnd(of bytes: Data) -> String {
        guard let index = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return "LF" }
        if bytes[index] == 0x0A { return "LF" }
        let next = bytes.index(after: index)
        return next < bytes.endIndex && bytes[next] == 0x0A ? "CRLF" : "CR"
    }

    /// Excel's `sep=X` first line (any case), when the file starts with one.
    /// - Parameter bytes: the file, without its byte-order mark.
    /// - Returns: the delimiter and the line's length with its line end, or nil.
    static func separatorLine(in bytes: Data) -> (delimiter: UInt8, length: Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 5,
            String(decoding: bytes[start..<(start + 4)], as: UTF8.self).lowercased() == "sep="
        else { return nil }
        let delimiter = bytes[start + 4]
        var end = start + 5
        while end < bytes.endIndex && bytes[end] == 0x0D { end += 1 }
        guard end == bytes.endIndex || bytes[end] == 0x0A else { return nil }
        if end < bytes.endIndex { end += 1 }
        return (delimiter, end - start)
    }

    /// The delimiter that occurs most in the header row outside quotes; a comma when none does.
    /// - Parameter bytes: the file from its header row on.
    /// - Returns: the delimiter's byte.
    static func detectDelimiter(in bytes: Data) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted && delimiters.contains(where: { $0.character == byte }) { counts[byte, default: 0] += 1 }
        }
        let best = delimiters.map(\.character).max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? 0x2C
        return (counts[best] ?? 0) > (counts[0x2C] ?? 0) ? best : 0x2C
    }
}
