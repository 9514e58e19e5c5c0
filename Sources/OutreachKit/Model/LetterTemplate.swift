import Mustache

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
    /// The roles the letter is written for, each as `Role` normalizes it.
    public let audience: [String]
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

    let subjectTags: [TemplateTag]
    let bodyTags: [TemplateTag]
    let subjectTemplate: MustacheTemplate
    let bodyTemplate: MustacheTemplate

    /// Every name the template uses, sorted.
    public var fieldNames: [String] {
        Array(Set((subjectTags + bodyTags).map(\.name))).sorted()
    }
}
