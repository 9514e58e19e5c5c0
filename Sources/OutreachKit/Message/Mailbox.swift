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
    /// encoded. Tokens are joined with a space or a fold.
    /// - Parameter firstMaximum: the room on the line for the first token, in characters.
    func headerTokens(firstMaximum: Int) -> [String] {
        let address = "<\(self.address)>"
        let name = displayName
        if name.isEmpty { return [address] }
        let isASCII = name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if isASCII {
            let words = name.split(separator: " ", omittingEmptySubsequences: false)
            let plain = words.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(Mailbox.isAtext) }
            // "=?" in a plain phrase would read as an encoded-word: quote it instead.
            if plain && !name.contains("=?") && words.allSatisfy({ $0.count < 70 }) {
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
        return EncodedWord.encode(name, firstMaximum: firstMaximum) + [address]
    }

    // RFC 5322 §3.2.3 atext.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }
}
