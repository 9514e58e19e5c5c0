/// A letter template: `Templates/NAME.txt`, YAML front matter then a Mustache body.
///
/// ```
/// ---
/// audience: mayor
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
    /// The roles the letter is written for.
    public let audience: [String]
    /// The subject, itself a Mustache template.
    public let subject: String
    /// The line of `subject:` in the file.
    public let subjectLine: Int
    /// One line saying what the letter is.
    public let description: String
    /// Extra addresses for Cc and Reply-To (plain addresses, not templates).
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

    /// Every name the template uses, sorted.
    public var fieldNames: [String] {
        Array(Set((subjectTags + bodyTags).map(\.name))).sorted()
    }
}
