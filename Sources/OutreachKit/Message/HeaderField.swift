/// Builds header field lines, folded at white space (RFC 5322 §2.2.3), as bytes.
enum HeaderField {
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, excluding CRLF.
    static let foldWidth = 78
    /// RFC 2047 §2: a line that holds an encoded-word is at most 76 characters.
    static let encodedWordLineWidth = 76

    /// Appends `name: ` and `tokens` to `output`, folding before a token that would pass 78
    /// characters (76 on a line that holds an encoded-word), then CRLF. A token longer than a
    /// line stays whole (the builder checks 998).
    static func append<Tokens: Sequence>(_ name: String, tokens: Tokens, to output: inout [UInt8])
    where Tokens.Element: Collection, Tokens.Element.Element == UInt8 {
        output.append(contentsOf: name.utf8)
        output.append(0x3A)
        let nameWidth = name.utf8.count + 1
        var lineLength = nameWidth
        var lineHasEncodedWord = false
        for token in tokens {
            let width = token.count
            var bytes = token.makeIterator()
            let isEncodedWord = bytes.next() == 0x3D && bytes.next() == 0x3F  // "=?"
            let limit = lineHasEncodedWord || isEncodedWord ? encodedWordLineWidth : foldWidth
            if lineLength + 1 + width > limit && lineLength > nameWidth {
                output.append(contentsOf: [0x0D, 0x0A, 0x20])
                lineLength = 1
                lineHasEncodedWord = false
            } else {
                output.append(0x20)
                lineLength += 1
            }
            output.append(contentsOf: token)
            lineLength += width
            lineHasEncodedWord = lineHasEncodedWord || isEncodedWord
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }

    /// A header holding mailboxes: `From`, `To`, `Cc`, `Reply-To` (RFC 5322 §3.6.2, §3.6.3).
    static func mailboxes(_ name: String, _ list: [Mailbox], to output: inout [UInt8]) {
        var tokens: [String] = []
        for (position, mailbox) in list.enumerated() {
            var mailboxTokens = mailbox.headerTokens(firstMaximum: encodedWordLineWidth - name.count - 2)
            if position < list.count - 1, let last = mailboxTokens.popLast() { mailboxTokens.append(last + ",") }
            tokens += mailboxTokens
        }
        append(name, tokens: tokens.lazy.map { $0.utf8 }, to: &output)
    }

    /// The same as text, for fields built once per batch.
    static func mailboxes(_ name: String, _ list: [Mailbox]) -> String {
        var output: [UInt8] = []
        mailboxes(name, list, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// An unstructured header (`Subject`): plain words when the text is printable ASCII and each
    /// word fits a line; RFC 2047 encoded-words otherwise.
    static func unstructured(_ name: String, _ text: String, to output: inout [UInt8]) {
        if text.isEmpty {
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: [0x3A, 0x0D, 0x0A])
        } else if isPlain(text, longestWord: foldWidth - name.utf8.count - 2) {
            appendPlain(name, text, to: &output)
        } else {
            append(
                name,
                tokens: EncodedWord.encode(text, firstMaximum: encodedWordLineWidth - name.utf8.count - 2).lazy.map {
                    $0.utf8
                },
                to: &output)
        }
    }

    /// Appends `name: ` and plain `text` (see `isPlain`), folded as `append(_:tokens:to:)` folds
    /// its words (a plain word is never an encoded-word), without making a token of each word.
    private static func appendPlain(_ name: String, _ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: name.utf8)
        output.append(0x3A)
        let nameWidth = name.utf8.count + 1
        var lineLength = nameWidth
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x20 { end += 1 }
                let width = end - start
                if lineLength + 1 + width > foldWidth && lineLength > nameWidth {
                    output.append(contentsOf: [0x0D, 0x0A, 0x20])
                    lineLength = 1
                } else {
                    output.append(0x20)
                    lineLength += 1
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                lineLength += width
                start = end + 1
            }
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }

    /// True when `text` can stand as it is: printable ASCII, single spaces between words, no
    /// leading or trailing space, no `=?` (which would read as an encoded-word), and no word
    /// longer than `longestWord`.
    static func isPlain(_ text: String, longestWord: Int) -> Bool {
        var previous: UInt8 = 0x20
        var wordLength = 0
        for byte in text.utf8 {
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == 0x20 {
                if previous == 0x20 { return false }
                wordLength = 0
            } else {
                if byte == 0x3F && previous == 0x3D { return false }
                wordLength += 1
                if wordLength > longestWord { return false }
            }
            previous = byte
        }
        return previous != 0x20
    }
}
