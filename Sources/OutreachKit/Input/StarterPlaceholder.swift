/// The placeholders of the letter `outreach templates new` starts from (`UserTemplates.starter`):
/// a template that still holds one is unfinished, and is never drafted to an office.
enum StarterPlaceholder {
    /// The mark every placeholder of the starter begins with: `[write here: what …]`.
    static let mark = "[write here"

    /// The placeholders of the starter written before the mark existed (`writes about ...` in
    /// its subject, `I am writing about ...` in its text), recognised as they were written.
    static let earlierStarterText = ["writes about ...\"", "I am writing about ..."]

    /// Refuses a template that still holds a placeholder.
    /// - Parameters:
    ///   - lines: the template's lines (front matter included), for the 1-based line number.
    ///   - name: the template's name, for the hint.
    ///   - file: the template's path, for the error.
    /// - Throws: `InputError.unfinishedTemplate` naming the first line with a placeholder.
    static func refuse(in lines: [String], name: String, file: String) throws {
        for (index, line) in lines.enumerated() {
            let found = placeholder(in: line) ?? earlierStarterText.first { line.contains($0) }.map { "'\($0)'" }
            if let found {
                throw InputError.unfinishedTemplate(
                    location: SourceLocation(file: file, line: index + 1), name: name, placeholder: found)
            }
        }
    }

    /// The first `[write here…]` in `line`, up to its `]` (or the end of the line).
    private static func placeholder(in line: String) -> String? {
        guard let start = line.range(of: mark)?.lowerBound else { return nil }
        let rest = line[start...]
        return String(rest[...(rest.firstIndex(of: "]") ?? rest.index(before: rest.endIndex))])
    }
}
