/// A letter template: `Templates/NAME.txt`, YAML front matter then a Mustache body.
///
/// ```
/// ---
/// audience: mayor
/// sender: anyone
/// topic: Immigration
/// subject: Standing with the immigrants of {{recipient.jurisdiction}}
/// description: To a mayor, in support of the city's immigrants.
/// requires: [note]
/// ---
/// Dear Mayor {{recipient.family_name}},
/// ```
public struct LetterTemplate: Sendable {
    /// The file name without `.txt`.
    public let name: String
    /// The file path.
    public let file: String
    /// The roles the letter is written for, each as `Role` normalizes it.
    public let audience: [String]
    /// Who may send it (front matter `sender`; `anyone` when absent).
    public let sender: SenderRule
    /// The line of `sender:` in the file (1 when absent).
    public let senderLine: Int
    /// Front matter `where`: the recipients this template is chosen for when `draft` chooses
    /// (`COLUMN=VALUE`; an empty VALUE means the value is empty or the column absent). Values for
    /// one column are alternatives; different columns must all hold. Empty: any recipient.
    public let conditions: [(column: String, value: String)]
    /// The topic to pick on an office's web form (`Immigration`); empty when not given.
    public let topic: String
    /// The subject, itself a Mustache template.
    public let subject: String
    /// The line of `subject:` in the file.
    public let subjectLine: Int
    /// One line saying what the letter is.
    public let description: String
    /// Extra addresses for Cc and Reply-To: plain addresses; a Cc may also be `{{sender.email}}`.
    public let cc: [String]
    public let replyTo: [String]
    /// Extra inputs the letter needs: `note`.
    public let requires: [String]
    /// The Mustache body.
    public let body: String
    /// The line in the file where the body starts.
    public let bodyLine: Int

    /// The tags that name values, in reading order.
    let subjectTags: [TemplateTag]
    let bodyTags: [TemplateTag]
    /// The parsed subject and body.
    let subjectNodes: [TemplateNode]
    let bodyNodes: [TemplateNode]

    /// True when the template's `where` holds for `recipient` (always, without `where`).
    /// - Parameter recipient: the row.
    /// - Returns: whether each column named has one of the values listed for it, compared
    ///   ignoring case and surrounding spaces.
    public func isWrittenFor(_ recipient: Recipient) -> Bool {
        var byColumn: [String: [String]] = [:]
        for condition in conditions { byColumn[condition.column, default: []].append(condition.value) }
        return byColumn.allSatisfy { column, values in
            let value = recipient[column].trimmingCharacters(in: .whitespaces).lowercased()
            return values.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == value }
        }
    }

    /// Every name the template uses, sorted.
    public var fieldNames: [String] {
        Array(Set((subjectTags + bodyTags).map(\.name))).sorted()
    }
}
