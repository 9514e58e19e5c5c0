/// Problems found in one pass, gathered so that a person sees them all at once: the first
/// `limit` are kept to show, the rest only counted ("... and 180 more problems like these").
struct ProblemCollector {
    /// Problems kept to show; more are only counted.
    static let limit = 20

    /// The problems kept, in the order found (at most `limit`).
    private(set) var kept: [any OutreachError] = []
    /// How many were found in all.
    private(set) var total = 0

    var isEmpty: Bool { total == 0 }

    mutating func record(_ problem: any OutreachError) {
        total += 1
        if kept.count < Self.limit { kept.append(problem) }
    }

    /// Adds what another collector gathered: its kept problems in order (as far as there is
    /// room), and its count.
    mutating func record(contentsOf other: ProblemCollector) {
        for problem in other.kept where kept.count < Self.limit { kept.append(problem) }
        total += other.total
    }

    /// Throws the one problem as it is, several as a `ProblemList`; nothing when there is none.
    /// - Parameter warnings: lines to say before the problems (`ProblemList.warnings`); with
    ///   any, even one problem is thrown as a `ProblemList` that carries them.
    /// - Throws: the one problem as it is, or a `ProblemList`.
    func throwIfAny(warnings: [String] = []) throws {
        if total == 1, warnings.isEmpty, let only = kept.first { throw only }
        if total > 0 { throw ProblemList(kept, total: total, warnings: warnings) }
    }
}
