/// Where a value came from: a file and a 1-based line, optionally a field (column or key).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the person named it (relative paths stay relative).
    public var file: String
    /// The 1-based line number.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and compilers use.
    public var description: String { "\(file):\(line)" }
}
