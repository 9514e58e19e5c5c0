/// One piece of a parsed template, in reading order: literal text, a value's place, or a
/// section whose pieces show when its value is set (or, inverted, when it is empty).
///
/// The merge works on these pieces, never on rendered text: what a template, a note or a
/// recipient's field holds is copied literally, whatever characters it contains.
indirect enum TemplateNode: Sendable {
    /// Text copied as it is.
    case text(String)
    /// The place of a value: `{{name}}`, `{{{name}}}`, `{{&name}}`.
    case value(TemplateTag)
    /// `{{#name}}...{{/name}}` or `{{^name}}...{{/name}}` (`tag.kind` says which).
    case section(TemplateTag, [TemplateNode])
}
