/// A control character found in text that becomes part of a letter (a template, a note, an
/// edited letter), where only tab and line breaks may be: the others are either invisible on
/// a screen or act on it (ESC starts a sequence that can hide a line, CR returns over it), so
/// what a person reviewed would not be what is sent.
public struct ControlCharacter: Sendable, Equatable {
    /// The character.
    public let scalar: Unicode.Scalar
    /// The 1-based line it is on, counting from the text's first line.
    public let line: Int

    /// The first control character in `text` other than tab, line feed and a carriage return
    /// that ends a line (CRLF): C0 controls, DEL, C1 controls, and U+2028/U+2029, which some
    /// programs read as line breaks and others do not.
    /// - Parameter text: the text to check.
    /// - Returns: the character and its line, or nil when there is none.
    public static func first(in text: String) -> ControlCharacter? {
        var line = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if previousWasCR && value != 0x0A {
                return ControlCharacter(scalar: "\r", line: line)
            }
            previousWasCR = false
            switch value {
            case 0x0A: line += 1
            case 0x09: break
            case 0x0D: previousWasCR = true
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: return ControlCharacter(scalar: scalar, line: line)
            default: break
            }
        }
        return previousWasCR ? ControlCharacter(scalar: "\r", line: line) : nil
    }

    /// Refuses text that holds a control character other than tab and line breaks.
    /// - Parameters:
    ///   - text: the text.
    ///   - file: where it comes from (a file, or the flag that gave it: `--note`).
    ///   - firstLine: the 1-based line of `file` the text starts on.
    ///   - what: what the text is, for the error ("the template", "the note").
    /// - Throws: `InputError.controlCharacter` naming `file`, the line and the character.
    public static func refuse(in text: String, file: String, firstLine: Int = 1, what: String) throws {
        guard let found = first(in: text) else { return }
        throw InputError.controlCharacter(
            location: SourceLocation(file: file, line: firstLine + found.line - 1), what: what, character: found.shown)
    }

    /// The character as a person can read it: `\x1b (ESC)`, `\x00 (NUL)`, `\u{2028}`.
    public var shown: String {
        let escaped = VisibleText.escaped(String(scalar))
        let names: [UInt32: String] = [
            0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
            0x0D: "carriage return without a line feed", 0x1B: "ESC", 0x7F: "DEL", 0x2028: "line separator",
            0x2029: "paragraph separator",
        ]
        return names[scalar.value].map { "\(escaped) (\($0))" } ?? escaped
    }
}
