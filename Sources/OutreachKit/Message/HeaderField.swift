/// Builds header field lines, folded at white space (RFC 5322 §2.2.3).
enum HeaderField {
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, excluding CRLF.
    static let foldWidth = 78

    /// Joins `tokens` after `name: `, folding before a token that would pass 78 characters.
    /// A token longer than the line stays whole (up to the 998-octet limit, checked by the builder).
    static func line(_ name: String, tokens: [String]) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for token in tokens {
            let width = token.utf8.count
            if lineLength + 1 + width > foldWidth && lineLength > name.utf8.count + 1 {
                output += "\r\n "
                lineLength = 1
            } else {
                output += " "
                lineLength += 1
            }
            output += token
            lineLength += width
        }
        return output + "\r\n"
    }

    /// A header holding mailboxes: `From`, `To`, `Cc`, `Reply-To` (RFC 5322 §3.6.2, §3.6.3).
    static func mailboxes(_ name: String, _ list: [Mailbox]) -> String {
        var tokens: [String] = []
        for (position, mailbox) in list.enumerated() {
            var mailboxTokens = mailbox.headerTokens(firstMaximum: foldWidth - name.count - 2)
            if position < list.count - 1, let last = mailboxTokens.popLast() { mailboxTokens.append(last + ",") }
            tokens += mailboxTokens
        }
        return line(name, tokens: tokens)
    }

    /// An unstructured header (`Subject`): plain words when the text is printable ASCII and each
    /// word fits a line; RFC 2047 encoded-words otherwise.
    static func unstructured(_ name: String, _ text: String) -> String {
        if text.isEmpty { return name + ":\r\n" }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            && !text.contains("=?") && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains("  ")
            && words.allSatisfy { $0.utf8.count <= foldWidth - name.utf8.count - 2 }
        if plain { return line(name, tokens: words.map(String.init)) }
        return line(name, tokens: EncodedWord.encode(text, firstMaximum: foldWidth - name.utf8.count - 2))
    }
}
