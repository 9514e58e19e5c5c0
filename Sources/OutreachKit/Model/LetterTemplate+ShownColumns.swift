extension LetterTemplate {
    /// A recipient column a letter always shows, with the tag that first shows it.
    public struct ShownColumn: Sendable, Equatable {
        /// The list column: `family_name`.
        public let column: String
        /// The 1-based line of the template file where the tag is.
        public let line: Int
    }

    /// The recipient columns the letter shows outside a section on that column, in first-use
    /// order: each must be filled in every row the template goes to, or `draft` refuses the
    /// letter ("Dear Mayor ,"). A value inside `{{#recipient.COLUMN}}...{{/recipient.COLUMN}}`
    /// (or a value section on it) is optional and not listed.
    public var shownColumns: [ShownColumn] {
        var shown: [ShownColumn] = []
        var seen = Set<String>()
        func walk(_ nodes: [TemplateNode], guarded: Set<String>) {
            for node in nodes {
                switch node {
                case .text: continue
                case .value(let tag):
                    guard let column = Merger.recipientColumn(tag.name), !guarded.contains(column),
                        seen.insert(column).inserted
                    else { continue }
                    shown.append(ShownColumn(column: column, line: tag.line))
                case .section(let tag, let inner):
                    var more = guarded
                    if tag.kind == .section, let column = Merger.recipientColumn(tag.name) { more.insert(column) }
                    walk(inner, guarded: more)
                }
            }
        }
        walk(subjectNodes, guarded: [])
        walk(bodyNodes, guarded: [])
        return shown
    }
}
