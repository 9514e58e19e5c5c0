/// Several problems found in one pass, reported together so a person can fix them all at once.
public struct ProblemList: OutreachError {
    /// The problems kept to show, in the order found (see `ProblemCollector`).
    public let problems: [any OutreachError]
    /// How many were found in all (may exceed `problems.count`).
    public let total: Int

    public init(_ problems: [any OutreachError], total: Int? = nil) {
        self.problems = problems
        self.total = total ?? problems.count
    }

    public var message: String {
        let first = problems.first?.message ?? "no problems"
        return total > 1 ? "\(first) (and \(total - 1) more problem\(total == 2 ? "" : "s"))" : first
    }
    public var hint: String? { problems.first?.hint }
    public var exitCode: Int32 { problems.first?.exitCode ?? ExitStatus.dataError }
}
