import Mustache

/// A recipient's value in a column the template tests with a value section, as swift-mustache
/// sees it: `{{recipient.sanctuary_policy}}` prints the text, `{{#recipient.sanctuary_policy}}`
/// holds when it is not empty, and `{{#recipient.sanctuary_policy.yes}}` holds when it is `yes`.
///
/// Mustache itself has no test of a value (a section holds for any non-empty text), so the
/// value answers `.VALUE` with true when it is VALUE, compared as `matches` says.
struct ColumnValue: MustacheParent, MustacheCustomRenderable {
    /// The value in the recipient's row (empty when the file has no such column).
    let text: String

    var renderText: String { text }
    var isNull: Bool { text.isEmpty }

    /// True for the name of the value it holds; nil (not false) otherwise, so that a name looked
    /// up from inside a section falls through to the outer context as Mustache does.
    func child(named name: String) -> Any? {
        Self.matches(text, name) ? true : nil
    }

    /// Compares a value with the VALUE of a test, ignoring case and surrounding spaces.
    /// - Parameters:
    ///   - text: the recipient's value.
    ///   - value: the VALUE in `recipient.COLUMN.VALUE`.
    /// - Returns: true when they are the same word.
    static func matches(_ text: String, _ value: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.lowercased() == value.lowercased()
    }
}
