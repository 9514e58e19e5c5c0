import Foundation

/// A value section's test, `recipient.COLUMN.VALUE`: `{{#recipient.sanctuary_policy.yes}}...{{/...}}`
/// shows its text when the recipient's `sanctuary_policy` is `yes`, and `{{^...}}` when it is not
/// (empty included). Mustache itself has no test of a value (a section holds for any non-empty
/// text), so outreach adds this one, and refuses `{{recipient.COLUMN.VALUE}}` as text to print.
struct ValueTest: Sendable, Equatable {
    /// The column tested: `sanctuary_policy`.
    let column: String
    /// The value it is compared with, as written: `yes`.
    let value: String

    /// The test a name makes; nil for a name that is not `recipient.COLUMN.VALUE`.
    /// - Parameter name: a tag's dotted name.
    init?(name: String) {
        guard name.hasPrefix("recipient.") else { return nil }
        let parts = name.dropFirst("recipient.".count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        column = String(parts[0])
        value = String(parts[1])
    }

    /// True when the recipient's `text` is this test's value.
    /// - Parameter text: the recipient's value in `column` (empty when its file has no such column).
    /// - Returns: whether they are the same word, compared without regard to case and to spaces
    ///   and tabs around the recipient's value; an empty or blank value is no value.
    func holds(for text: String) -> Bool {
        Self.matches(text, value)
    }

    /// Compares a recipient's value with the VALUE of a test, as `holds(for:)` does.
    /// - Parameters:
    ///   - text: the recipient's value.
    ///   - value: the VALUE in `recipient.COLUMN.VALUE`.
    /// - Returns: true when they are the same word.
    static func matches(_ text: String, _ value: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.lowercased() == value.lowercased()
    }
}
