extension LetterQueue {
    /// The letters `outreach print` puts on paper: the ones named, then, with `allPostal`, every
    /// drafted letter whose channel is postal (each once).
    /// - Parameters:
    ///   - ids: the letters named, in order.
    ///   - allPostal: `--all-postal`.
    ///   - includeDiscarded: `--include-discarded`: a discarded letter named is printed too.
    /// - Returns: the letters, in order.
    /// - Throws: `QueueError.noSuchLetter`; `.wrongStatus` (action `print`) for a discarded
    ///   letter named without `includeDiscarded`, every one at once (several as a
    ///   `ProblemList`); `.database`.
    public func lettersToPrint(ids: [Int64], allPostal: Bool, includeDiscarded: Bool) throws -> [Letter] {
        var letters = try ids.map { try letter(id: $0) }
        var problems = ProblemCollector()
        for letter in letters where letter.status == .discarded && !includeDiscarded {
            problems.record(QueueError.wrongStatus(id: letter.id, status: letter.status, action: .print))
        }
        try problems.throwIfAny()
        if allPostal {
            letters += try self.letters(statuses: [.drafted]).filter { $0.channel == .postal && !ids.contains($0.id) }
        }
        return letters
    }
}
