import Foundation
import OutreachKit

/// JSON on standard output: keys in snake_case for every command (`recipient_id`, `message_id`,
/// as `log --json` writes them, so that scripts can join the outputs) and sorted, so scripts and
/// tests see a stable shape; the keys of maps (header names, column names) are kept as they are. Invisible
/// characters inside strings (bidirectional overrides, zero-width spaces) are written as
/// `\uXXXX` escapes: the values a program reads are unchanged, and a person who looks at the
/// output on a terminal sees them (`VisibleText`); JSONEncoder escapes control characters.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        FileHandle.standardOutput.write(Data((text(try encoder.encode(value)) + "\n").utf8))
    }

    /// Encoded JSON with invisible characters written as `\uXXXX` escapes.
    static func text(_ json: Data) -> String {
        VisibleText.escaped(String(decoding: json, as: UTF8.self), keepingLineBreaks: true, notation: .json)
    }
}
