/// One recipient row as the importers make it: the required columns, plus `chamber`.
public struct ImportedRecipient: Sendable {
    public var fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    /// The columns importers write: the required ones, then `chamber`.
    public static let columns = RecipientColumn.required + ["chamber"]

    /// Clears an email address that two rows share: it cannot be right for both offices, and a
    /// letter must not reach the wrong one. Those rows fall back to a web form or the post.
    static func dropSharedAddresses(_ rows: inout [ImportedRecipient], summary: inout ImportSummary) {
        var count: [String: Int] = [:]
        for row in rows {
            if let email = row.fields["email"], !email.isEmpty { count[email.lowercased(), default: 0] += 1 }
        }
        for index in rows.indices {
            guard let email = rows[index].fields["email"], (count[email.lowercased()] ?? 0) > 1 else { continue }
            summary.notes.append(
                "\(rows[index].fields["name"] ?? ""): \(email) is shared with another official and was left out")
            rows[index].fields["email"] = ""
        }
    }
}
