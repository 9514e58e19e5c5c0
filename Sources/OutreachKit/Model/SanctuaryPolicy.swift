/// The optional recipient column `sanctuary_policy`: whether the list records that the office's
/// city limits how its police and staff take part in federal immigration enforcement.
///
/// `yes`: it does (often called a sanctuary or welcoming policy); `no`: the list records that it
/// does not; empty, or no such column: the list does not say. The mayor templates choose their
/// wording from it with value sections (`{{#recipient.sanctuary_policy.yes}}`), so that no letter
/// thanks an office for a policy the list does not record.
public enum SanctuaryPolicy: String, CaseIterable, Sendable {
    case yes
    case no

    /// The column's name.
    public static let column = "sanctuary_policy"

    /// The policy a spreadsheet's cell records, in the spellings sheets use: `yes`, `y`,
    /// `true`, `1`; `no`, `n`, `false`, `0` (any case, surrounding spaces ignored).
    /// - Parameter text: the cell.
    /// - Returns: the policy, or nil for anything else (an empty cell included).
    public static func spelled(_ text: String) -> SanctuaryPolicy? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "true", "1": return .yes
        case "no", "n", "false", "0": return .no
        default: return nil
        }
    }

    /// What the recipient's row records.
    /// - Parameter recipient: the row; its file need not have the column.
    /// - Returns: the policy, or nil when the value is empty or the file has no such column.
    /// - Throws: `InputError.badRecipientValue` naming the row when the value is anything but
    ///   `yes`, `no` or empty (case and surrounding spaces are ignored).
    public static func recorded(for recipient: Recipient) throws -> SanctuaryPolicy? {
        let value = recipient[column].trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return nil }
        guard let policy = SanctuaryPolicy(rawValue: value.lowercased()) else {
            throw InputError.badRecipientValue(
                location: recipient.location, field: column, reason: "is \"\(value)\", not yes, no or empty",
                hint:
                    "write yes when the city limits its part in federal immigration enforcement, no when it does not, and leave it empty when you do not know"
            )
        }
        return policy
    }
}
