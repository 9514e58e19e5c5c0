extension Merger {
    /// Turns a template's pieces into segments once per merge: text as it is, the profile's
    /// values, the note and the date put in place, sections on them decided, and slots left
    /// for the recipient's fields and for sections on those (value sections included).
    struct Specializer {
        /// `note`, `date` and `sender.KEY`, each set only when not empty.
        let constants: [String: String]
        /// Each recipient column the template uses, by name, to its index in `recipientColumns`.
        let columns: [String: Int]
        let template: LetterTemplate

        /// The segments for `nodes`, adjacent text joined.
        /// - Throws: `MergeError.noteRequired` or `.emptySenderField` for an empty constant the
        ///   letter would show whoever it goes to.
        func segments(_ nodes: [TemplateNode]) throws -> [Segment] {
            var output: [Segment] = []
            try append(nodes, underRecipientSection: false, to: &output)
            return output
        }

        private func append(_ nodes: [TemplateNode], underRecipientSection: Bool, to output: inout [Segment]) throws {
            for node in nodes {
                switch node {
                case .text(let text):
                    appendText(Array(text.utf8), to: &output)
                case .value(let tag):
                    let location = SourceLocation(file: template.file, line: tag.line)
                    // A value test is never text to print (`TemplateParser` refuses it as a value).
                    if Merger.valueTest(tag.name) == nil,
                        let column = Merger.recipientColumn(tag.name).flatMap({ columns[$0] })
                    {
                        output.append(.field(column: column, name: tag.name, location: location))
                    } else if let value = constants[tag.name] {
                        appendText(Array(value.utf8), to: &output)
                    } else if underRecipientSection {
                        // Only some letters show it: each of those is refused when merged.
                        output.append(.missing(name: tag.name, location: location))
                    } else if tag.name == "note" {
                        throw MergeError.noteRequired(template: template.name)
                    } else {
                        throw MergeError.emptySenderField(template: location, field: tag.name)
                    }
                case .section(let tag, let children):
                    let inverted = tag.kind == .invertedSection
                    // `recipient.COLUMN.VALUE` tests the value; `recipient.COLUMN` that it is set.
                    let test = Merger.valueTest(tag.name)
                    if let column = Merger.recipientColumn(tag.name).flatMap({ columns[$0] }) {
                        var inner: [Segment] = []
                        try append(children, underRecipientSection: true, to: &inner)
                        output.append(.section(column: column, test: test, inverted: inverted, inner))
                    } else if (constants[tag.name] == nil) == inverted {
                        try append(children, underRecipientSection: underRecipientSection, to: &output)
                    }
                }
            }
        }

        private func appendText(_ bytes: [UInt8], to output: inout [Segment]) {
            guard !bytes.isEmpty else { return }
            if case .text(let previous) = output.last {
                output[output.count - 1] = .text(previous + bytes)
            } else {
                output.append(.text(bytes))
            }
        }
    }
}
