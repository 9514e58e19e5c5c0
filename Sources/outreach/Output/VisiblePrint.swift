import OutreachKit

/// Every line `outreach` prints for a person goes through here, shadowing the standard
/// library's `print` in this module: data (a recipient's name, a subject, a letter's text, a
/// file name) reaches the terminal with control and invisible characters made visible
/// (`VisibleText`), tabs and line breaks kept, so that nothing in the data can hide or rewrite
/// what is shown. Output meant for programs (`--json`, `--csv`, `show --raw`) is written
/// apart, by `JSONOutput`, `LogPrinter` and `Show`.
/// - Parameters:
///   - items: what to print, joined by `separator`.
///   - separator: between items.
///   - terminator: after the last item.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(VisibleText.escaped(text, keepingLineBreaks: true), terminator: terminator)
}
