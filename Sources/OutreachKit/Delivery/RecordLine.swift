/// The line format of the files a send run keeps beside the queue (`UnrecordedOutcomes`,
/// `HandOverLog`): fields separated by tabs, each escaped (`\\`, `\t`, `\n`, `\r`), then a
/// checksum of the rest (FNV-1a, 64 bits, 16 hex digits), then a line feed. A line torn by a
/// crash while it was written, or altered, fails its checksum.
enum RecordLine {
    /// The line for `fields`, line feed included.
    static func encode(_ fields: [String]) -> String {
        let text = fields.map(escape).joined(separator: "\t")
        return text + "\t" + checksum(text) + "\n"
    }

    /// The fields of `line` (without its line feed), or nil when its checksum fails.
    static func decode(_ line: Substring) -> [String]? {
        // By scalars: a tab followed by a combining mark is one Swift character.
        let scalars = line.unicodeScalars
        guard let tab = scalars.lastIndex(of: "\t"),
            checksum(Substring(scalars[..<tab])) == Substring(scalars[scalars.index(after: tab)...])
        else { return nil }
        return scalars[..<tab].split(separator: "\t", omittingEmptySubsequences: false).map {
            unescape(Substring($0))
        }
    }

    /// FNV-1a, 64 bits, as 16 hex digits.
    private static func checksum<Text: StringProtocol>(_ text: Text) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// By scalars, not characters: Swift reads CR LF as one character.
    private static func escape(_ text: String) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard text.unicodeScalars.contains(where: special) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": escaped.append(contentsOf: "\\t".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    private static func unescape(_ text: Substring) -> String {
        guard text.unicodeScalars.contains("\\") else { return String(text) }
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
