/// A display name and an address: `Barbara Lee <officeofthemayor@oaklandca.gov>`.
public struct Mailbox: Sendable, Hashable {
    /// The display name as a person reads it (decoded, any script); may be empty.
    public var displayName: String
    /// The address.
    public var address: AddrSpec

    public init(displayName: String, address: AddrSpec) {
        self.displayName = displayName
        self.address = address
    }

    /// The header tokens for this mailbox (RFC 5322 §3.4 name-addr): the display name as
    /// atoms, one quoted-string, or RFC 2047 encoded-words, then `<addr-spec>`, which is never
    /// encoded. Tokens are joined with a space or a fold. A name holding `=?` is always
    /// encoded, so that no parser can read part of it as an encoded-word.
    /// - Parameter firstMaximum: the room on the line for the first token, in characters.
    /// - Returns: the tokens, in order.
    func headerTokens(firstMaximum: Int) -> [String] {
        let address = "<\(self.address)>"
        let name = displayName
        if name.isEmpty { return [address] }
        let isASCII = name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        // "=?" reads as the start of an encoded-word, and common parsers decode one even inside a
        // quoted-string (to a CR LF, a "Bcc:", whatever it encodes): such a name is encoded whole.
        if isASCII && !name.contains("=?") {
            let words = name.split(separator: " ", omittingEmptySubsequences: false)
            let plain = words.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(AddrSpec.isAtext) }
            if plain && words.allSatisfy({ $0.count < 70 }) {
                return words.map(String.init) + [address]
            }
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            quoted.append("\"")
            // A quoted-string is not folded; past one line, encoded-words are used.
            if quoted.count <= firstMaximum { return [quoted, address] }
        }
        return Self.encodedPhrase(name, firstMaximum: firstMaximum) + [address]
    }

    /// A display name as atoms and encoded-words: words that are plain atoms stay readable,
    /// and each run of other words becomes encoded-words with its inner spaces encoded.
    /// Splitting only between a run and an atom matters: white space between two adjacent
    /// encoded-words is dropped by RFC 2047 decoders (§6.2) but kept by some, such as Python's
    /// address parser, so a split inside a run would gain or lose a space somewhere.
    static func encodedPhrase(_ name: String, firstMaximum: Int) -> [String] {
        // Most names fit one encoded-word, where no split can happen.
        let single = EncodedWord.encode(name, firstMaximum: firstMaximum)
        if single.count == 1 { return single }
        var tokens: [String] = []
        var run: [Substring] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            tokens += EncodedWord.encode(
                run.joined(separator: " "), firstMaximum: tokens.isEmpty ? firstMaximum : EncodedWord.maximumLength)
            run = []
        }
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        // Leading, trailing or doubled spaces are kept only inside an encoded run.
        let plainAllowed = !words.contains { $0.isEmpty }
        for word in words {
            let isAtom = plainAllowed && !word.isEmpty && !word.contains("=?") && word.utf8.allSatisfy(AddrSpec.isAtext)
            if isAtom {
                flushRun()
                tokens.append(String(word))
            } else {
                run.append(word)
            }
        }
        flushRun()
        return tokens
    }
}
