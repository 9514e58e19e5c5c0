import Foundation

/// The first lines a person wrote in a reply, without what they quoted or their signature.
enum ReplyExcerpt {
    /// At most this many lines ...
    static let mostLines = 5
    /// ... and this many characters.
    static let mostCharacters = 400

    /// The opening of the message's text: its first `text/plain` part that is not an
    /// attachment, else its first `text/html` part with the tags taken out.
    static func text(of message: MIMEEntity) -> String {
        let parts = message.allParts.filter { $0.parts.isEmpty && !$0.isAttachment }
        if let plain = parts.first(where: { $0.contentType.mediaType == "text/plain" }) { return opening(plain.text) }
        if let html = parts.first(where: { $0.contentType.mediaType == "text/html" }) {
            return opening(stripTags(html.text))
        }
        return ""
    }

    /// The first lines of `text` up to the first quoted line, the line that introduces a quote
    /// ("On ... wrote:"), an Outlook separator, or the signature delimiter ("-- ").
    static func opening(_ text: String) -> String {
        var kept: [String] = []
        var count = 0
        for rawLine in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(">") || line == "--" || rawLine == "-- " || isQuoteIntroduction(line) { break }
            // "On Tue, Dec 1, 2026 at 10:00 AM Dana <" / "dana@example.org> wrote:" (wrapped).
            if line.lowercased().hasSuffix("wrote:"), let last = kept.last, last.lowercased().hasPrefix("on ") {
                kept.removeLast()
                break
            }
            if line.isEmpty { continue }
            let shown = InboundHeader.printable(line)
            kept.append(shown)
            count += shown.count
            if kept.count >= mostLines || count >= mostCharacters { break }
        }
        let joined = kept.joined(separator: "\n")
        return joined.count > mostCharacters ? String(joined.prefix(mostCharacters)) + "…" : joined
    }

    private static func isQuoteIntroduction(_ line: String) -> Bool {
        let lowered = line.lowercased()
        if lowered.hasPrefix("-----original message") || lowered.hasPrefix("________________") { return true }
        if lowered.hasPrefix("from:") && kept(lowered) { return true }
        return
            (lowered.hasPrefix("on ") || lowered.hasPrefix("le ") || lowered.hasPrefix("am ")
            || lowered.hasPrefix("el "))
            && (lowered.hasSuffix("wrote:") || lowered.hasSuffix("a écrit :") || lowered.hasSuffix("a écrit:")
                || lowered.hasSuffix("schrieb:") || lowered.hasSuffix("escribió:"))
    }

    /// An Outlook quote header line (`From: Name <addr>`) rather than a sentence.
    private static func kept(_ line: String) -> Bool { line.contains("@") || line.contains("<") }

    /// HTML to rough text: tags out (a `<br>`, `</p>` or `</div>` ends a line), the common
    /// entities decoded, `<style>` and `<script>` contents dropped.
    static func stripTags(_ html: String) -> String {
        var output = ""
        var tag = ""
        var inTag = false
        var skipping = false
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name =
                        tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\n" }).first.map(
                            String.init) ?? ""
                    let closing = tag.hasPrefix("/")
                    if name == "style" || name == "script" { skipping = !closing }
                    if ["br", "p", "div", "tr", "li"].contains(name)
                        || (closing && ["p", "div"].contains(String(tag.dropFirst()).lowercased()))
                    {
                        output.append("\n")
                    }
                    tag = ""
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else if !skipping {
                output.append(character)
            }
        }
        for (entity, value) in [
            ("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
            ("&amp;", "&"),
        ] {
            output = output.replacingOccurrences(of: entity, with: value)
        }
        return output
    }
}
