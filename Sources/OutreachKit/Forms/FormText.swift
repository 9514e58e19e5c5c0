import Foundation

/// A letter's text as a web form's message box wants it: paragraphs without hard line breaks.
///
/// Letters are stored wrapped at about 78 columns, which a form's text box reflows badly. Here
/// paragraphs are the blocks between empty lines; a paragraph whose every line but the last is
/// at least `wrappedLineLength` characters long reads as wrapped prose, and its lines are joined
/// with single spaces. Other paragraphs (a greeting, an address, a signature, a short list) keep
/// their line breaks. Paragraphs are separated by one empty line; line ends are LF.
public enum FormText {
    /// The shortest line taken for a wrapped one: prose wrapped near 78 columns stays above it
    /// even where a merged value shortened a line; address and signature lines stay below it.
    public static let wrappedLineLength = 40

    /// The paragraphs of `body`.
    /// - Parameter body: the letter's text (LF or CRLF line ends), as `MessageReader.body` gives it.
    /// - Returns: the paragraphs, joined by an empty line, without trailing white space.
    public static func paragraphs(of body: String) -> String {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map { line in
            var trimmed = line
            while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
            return trimmed
        }
        var paragraphs: [[Substring]] = []
        var current: [Substring] = []
        for line in lines {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs.map { paragraph in
            let wrapped = paragraph.count > 1 && paragraph.dropLast().allSatisfy { $0.count >= wrappedLineLength }
            if wrapped {
                return paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            }
            return paragraph.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
