/// A message cannot be built as a correct RFC 5322 message.
public enum MessageError: OutreachError, Equatable {
    /// A value bound for a header holds a CR, LF or other control character (header injection).
    case controlCharacter(field: String, source: String)
    /// A value bound for the body holds a control character other than tab and line breaks.
    case controlCharacterInBody(field: String, source: String)
    /// An address is not an addr-spec.
    case badAddress(field: String, value: String, reason: String, source: String)
    /// A header field would pass 998 octets (RFC 5322 §2.1.1).
    case headerTooLong(field: String, octets: Int)
    /// An edited letter could not be read back.
    case unreadable(reason: String)

    public var message: String {
        switch self {
        case .controlCharacter(let field, let source):
            return "\(source): field '\(field)' holds a line break or control character and is used in a header"
        case .controlCharacterInBody(let field, let source):
            return "\(source): field '\(field)' holds a control character"
        case .badAddress(let field, let value, let reason, let source):
            return "\(source): field '\(field)': \"\(value)\" \(reason)"
        case .headerTooLong(let field, let octets):
            return "header \(field) would be \(octets) octets; a line holds at most 998 (RFC 5322 §2.1.1)"
        case .unreadable(let reason):
            return "the letter cannot be read: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .controlCharacter:
            return "header values must be one line: remove the line break, tab or control character from that field"
        case .controlCharacterInBody: return "remove the control character; tabs and line breaks are fine"
        case .badAddress: return "give a plain address like name@example.org, or leave the field empty"
        case .headerTooLong: return "shorten the value"
        case .unreadable: return "keep the 'Subject:' line, then a blank line, then the text"
        }
    }

    public var exitCode: Int32 { ExitStatus.dataError }
}
