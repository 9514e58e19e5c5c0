import Foundation

/// RFC 2047 encoded-words (`=?utf-8?B?...?=`) for non-ASCII text in header fields.
public enum EncodedWord {
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    public static let maximumLength = 75
    private static let prefix = "=?utf-8?B?"
    private static let suffix = "?="

    /// Encodes `text` as a series of B-encoded words.
    ///
    /// Text is split only between characters (grapheme clusters, or Unicode scalars when one
    /// cluster alone is too long), so each word decodes on its own as UTF-8 (RFC 2047 §5 (3)).
    /// - Parameters:
    ///   - text: the text to encode.
    ///   - firstMaximum: the longest the first word may be, in characters (it shares its line with
    ///     the field name); later words may be `maximumLength`.
    /// - Returns: the words, each at most its maximum and never empty.
    public static func encode(_ text: String, firstMaximum: Int = maximumLength) -> [String] {
        // Most text (a name) fits one word: the same word the loop below would make, without
        // reading it character by character.
        let firstCapacity = (min(firstMaximum, maximumLength) - prefix.count - suffix.count) / 4 * 3
        if !text.isEmpty && text.utf8.count <= firstCapacity {
            return [prefix + Data(text.utf8).base64EncodedString() + suffix]
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        func capacity() -> Int {
            // Base64 turns each 3 bytes into 4 characters.
            let limit = words.isEmpty ? min(firstMaximum, maximumLength) : maximumLength
            return (limit - prefix.count - suffix.count) / 4 * 3
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + Data(chunk).base64EncodedString() + suffix)
            chunk.removeAll(keepingCapacity: true)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count <= capacity() {
                chunk += bytes
                continue
            }
            flush()
            if bytes.count <= capacity() {
                chunk = bytes
                continue
            }
            // A cluster longer than a word (a long emoji sequence): split it between scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if chunk.count + scalarBytes.count > capacity() { flush() }
                chunk += scalarBytes
            }
        }
        flush()
        return words
    }

    /// Decodes every encoded-word (B or Q, any charset Foundation knows) in an unfolded field
    /// value; white space between two adjacent encoded-words is dropped (RFC 2047 §6.2).
    /// Text that is not an encoded-word is kept as it is.
    public static func decode(_ value: String) -> String {
        var output = ""
        var rest = Substring(value)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, length) = decodeWord(rest) {
                if !lastWasEncoded { output += pendingSpace }
                pendingSpace = ""
                output += decoded
                rest = rest.dropFirst(length)
                lastWasEncoded = true
                continue
            }
            guard let character = rest.first else { break }
            rest = rest.dropFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                output += pendingSpace
                pendingSpace = ""
                output.append(character)
                lastWasEncoded = false
            }
        }
        return output + pendingSpace
    }

    private static func decodeWord(_ text: Substring) -> (String, Int)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("=") else { return nil }
        let charset = parts[0].split(separator: "*").first.map(String.init)?.lowercased() ?? ""
        let encoding = parts[1].uppercased()
        let payload = parts[2]
        guard !payload.contains(" ") else { return nil }
        let bytes: Data?
        if encoding == "B" {
            bytes = Data(base64Encoded: String(payload))
        } else if encoding == "Q" {
            bytes = QuotedPrintable.decode(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
        } else {
            return nil
        }
        guard let bytes else { return nil }
        let stringEncoding: String.Encoding =
            charset == "utf-8" || charset == "utf8"
            ? .utf8
            : charset == "us-ascii" ? .ascii : .isoLatin1
        guard let decoded = String(data: bytes, encoding: stringEncoding) else { return nil }
        let length = 2 + parts[0].count + 1 + parts[1].count + 1 + payload.count + 2
        return (decoded, length)
    }
}
