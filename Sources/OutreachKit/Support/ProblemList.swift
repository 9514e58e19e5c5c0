/// Several problems found in one pass, reported together so a person can fix them all at once.
public struct ProblemList: OutreachError {
    /// The problems kept to show, in the order found (see `ProblemCollector`).
    public let problems: [any OutreachError]
    /// How many were found in all (may exceed `problems.count`).
    public let total: Int
    /// One-line warnings to say before the problems: what the refused command would have left
    /// out rather than refused (a template not finished yet, for another role), without
    /// `warning: `.
    public let warnings: [String]

    public init(_ problems: [any OutreachError], total: Int? = nil, warnings: [String] = []) {
        self.problems = problems
        self.total = total ?? problems.count
        self.warnings = warnings
    }

    public var message: String {
        let first = problems.first?.message ?? "no problems"
        return total > 1 ? "\(first) (and \(total - 1) more problem\(total == 2 ? "" : "s"))" : first
    }
    public var hint: String? { problems.first?.hint }
    public var exitCode: Int32 { problems.first?.exitCode ?? ExitStatus.dataError }
}
