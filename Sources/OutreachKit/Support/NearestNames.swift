/// The names nearest to a misspelled one, for hints: `{{recipient.wrad}}` → `ward`.
enum NearestNames {
    /// The names of `candidates` nearest to `name`: those within a small edit distance
    /// (case and punctuation ignored), or that contain it or are contained in it,
    /// nearest first.
    /// - Parameters:
    ///   - name: the name given.
    ///   - candidates: the names there are.
    ///   - limit: at most this many.
    /// - Returns: up to `limit` names, nearest first, ties in the candidates' order.
    static func nearest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let wanted = fold(name)
        guard !wanted.isEmpty else { return [] }
        let scored = candidates.enumerated().compactMap { offset, candidate -> (Int, Int, String)? in
            let folded = fold(candidate)
            guard !folded.isEmpty, candidate != name else { return nil }
            let distance = editDistance(wanted, folded)
            let allowed = max(1, min(wanted.count, folded.count) / 3)
            let contains =
                folded.count >= 3 && wanted.count >= 3 && (folded.contains(wanted) || wanted.contains(folded))
            guard distance <= allowed || contains else { return nil }
            return (contains && distance > allowed ? allowed + 1 : distance, offset, candidate)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// Letters and digits only, lower case: `First Name` and `first_name` are `firstname`.
    static func fold(_ text: String) -> String {
        String(
            text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(
                Character.init))
    }

    /// The edit distance between two strings, by characters: insertions, deletions,
    /// substitutions, and swaps of two neighbours (`wrad` → `ward` is one edit).
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
