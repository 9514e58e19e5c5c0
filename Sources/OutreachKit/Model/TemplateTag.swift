/// One Mustache tag that names a value, with where it is.
struct TemplateTag: Sendable {
    enum Kind: Sendable { case variable, section, invertedSection }
    var kind: Kind
    /// The dotted name: `recipient.family_name`, `sender.city`, `note`, `date`.
    var name: String
    /// 1-based line in the template file.
    var line: Int
}
