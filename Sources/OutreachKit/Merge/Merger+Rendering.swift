extension Merger {
    /// One letter being put together from segments and a recipient's values, with the problems
    /// found on the way (each empty field once).
    struct Rendering {
        /// The recipient's value for each column in `recipientColumns`.
        let values: [String]
        /// The recipient's row, for errors.
        let recipient: SourceLocation
        private(set) var problems: [any OutreachError] = []
        private var output: [UInt8] = []
        private var reported: Set<String> = []

        init(values: [String], recipient: SourceLocation) {
            self.values = values
            self.recipient = recipient
            output.reserveCapacity(2048)
        }

        /// Appends the text of `segments`.
        mutating func render(_ segments: [Segment]) {
            for segment in segments {
                switch segment {
                case .text(let bytes):
                    output.append(contentsOf: bytes)
                case .field(let column, let name, let location):
                    let value = values[column]
                    if value.isEmpty {
                        report(name, location)
                    } else {
                        output.append(contentsOf: value.utf8)
                    }
                case .missing(let name, let location):
                    report(name, location)
                case .section(let column, let test, let inverted, let inner):
                    let holds = test.map { $0.holds(for: values[column]) } ?? !values[column].isEmpty
                    if holds != inverted { render(inner) }
                }
            }
        }

        /// The text rendered since the last call.
        mutating func take() -> [UInt8] {
            defer { output.removeAll(keepingCapacity: true) }
            return output
        }

        private mutating func report(_ name: String, _ location: SourceLocation) {
            guard reported.insert(name).inserted else { return }
            problems.append(MergeError.emptyField(template: location, recipient: recipient, field: name))
        }
    }
}
