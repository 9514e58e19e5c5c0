import Foundation

/// One drafted letter for an office's web contact form, with everything the form asks for:
/// what `outreach forms` walks through and `outreach forms --json` prints.
public struct WebFormEntry: Sendable, Encodable {
    /// The letter's id in the queue.
    public var id: Int64
    public var recipient: String
    public var office: String
    /// The form's address (`contact_form`).
    public var url: String
    /// Each field forms ask for, with its value; a field the profile does not fill is absent.
    public var fields: [FormField: String]
    /// Fields forms often require that the profile does not fill (`prefix`, `zip4`, `phone`).
    public var missing: [FormField]
    /// The letter's text as paragraphs (`FormText`), for the form's message box.
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, recipient, office, url, fields, missing, text
    }

    /// The fields a form may require that only some profiles fill.
    public static let oftenRequired: [FormField] = [.prefix, .zip4, .phone]

    /// - Parameters:
    ///   - letter: a letter whose channel is `web-form`.
    ///   - reader: its message, read.
    ///   - profile: the sender.
    ///   - topic: the template's `topic`; empty when it has none (or is gone).
    public init(letter: Letter, reader: MessageReader, profile: Profile, topic: String) {
        id = letter.id
        recipient = letter.recipientName
        office = letter.office
        url = letter.contactForm
        var fields: [FormField: String] = [:]
        for field in FormField.allCases {
            if let key = field.profileField, let value = profile.value(of: key), !value.isEmpty {
                fields[field] = value
            }
        }
        if !topic.isEmpty { fields[.topic] = topic }
        fields[.subject] = reader.value("Subject") ?? letter.subject
        self.fields = fields
        missing = Self.oftenRequired.filter { fields[$0] == nil }
        text = FormText.paragraphs(of: reader.body)
    }

    /// The form's address and each field, one line each (`Name:     Dana Rivera`), as
    /// `outreach forms` and `outreach show --form` print them: a field the profile lacks says
    /// so, with how to set it.
    /// - Returns: the lines, without line ends.
    public func fieldLines() -> [String] {
        var lines = ["Form:      \(url)"]
        for field in FormField.allCases {
            let label = (field.label + ":").padding(toLength: 10, withPad: " ", startingAt: 0)
            if let value = fields[field] {
                let shown = field == .zip4 ? "\(value) (\(fields[.zip] ?? "")-\(value))" : value
                lines.append("\(label) \(shown)")
            } else if field == .topic {
                lines.append("\(label) (choose the closest to the subject)")
            } else if missing.contains(field) {
                lines.append("\(label) (missing from your profile; forms often require it: \(field.howToSet))")
            }
        }
        return lines
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(office, forKey: .office)
        try container.encode(url, forKey: .url)
        var named: [String: String] = [:]
        for (field, value) in fields { named[field.rawValue] = value }
        try container.encode(named, forKey: .fields)
        try container.encode(missing.map(\.rawValue), forKey: .missing)
        try container.encode(text, forKey: .text)
    }
}
