/// What a representative's or senator's web contact form asks for, in the order forms ask.
public enum FormField: String, CaseIterable, Sendable, Codable {
    case prefix, name, street, city, state, zip, zip4, email, phone, topic, subject

    /// The label `outreach forms` prints.
    public var label: String {
        switch self {
        case .prefix: return "Prefix"
        case .name: return "Name"
        case .street: return "Street"
        case .city: return "City"
        case .state: return "State"
        case .zip: return "ZIP"
        case .zip4: return "ZIP+4"
        case .email: return "Email"
        case .phone: return "Phone"
        case .topic: return "Topic"
        case .subject: return "Subject"
        }
    }

    /// The profile key that fills it; nil for the topic and the subject, which come from the letter.
    public var profileField: ProfileField? {
        switch self {
        case .prefix: return .prefix
        case .name: return .name
        case .street: return .street
        case .city: return .city
        case .state: return .state
        case .zip: return .zip
        case .zip4: return .zip4
        case .email: return .email
        case .phone: return .phone
        case .topic, .subject: return nil
        }
    }

    /// How to add it to the profile when it is missing.
    public var howToSet: String {
        switch self {
        case .prefix: return "outreach profile set prefix PREFIX (Ms., Mr., Mx., Dr., ...)"
        case .zip4: return "outreach profile set zip4 NNNN (the 4 digits after your ZIP's dash)"
        case .phone: return "outreach profile set phone NUMBER"
        default: return "outreach profile set \(profileField?.rawValue ?? rawValue) VALUE"
        }
    }
}
