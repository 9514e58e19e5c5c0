/// The profile's keys, in the order `init` asks for them.
public enum ProfileField: String, CaseIterable, Sendable {
    case name, email, street, city, state, zip, phone, district

    /// Optional fields may be left unset.
    public var isOptional: Bool { self == .phone || self == .district }

    /// What the key holds, for prompts and help.
    public var prompt: String {
        switch self {
        case .name: return "Your full name"
        case .email: return "Your email address"
        case .street: return "Street address"
        case .city: return "City"
        case .state: return "State (two letters, e.g. CA)"
        case .zip: return "ZIP code (5 digits)"
        case .phone: return "Phone (optional)"
        case .district: return "Congressional district (optional, e.g. CA-12)"
        }
    }

    /// Checks and normalizes a value for this key.
    /// - Parameters:
    ///   - raw: the text given.
    ///   - state: the profile's state, used to complete a bare district number (`12` → `CA-12`).
    /// - Returns: the normalized value (trimmed; state upper-cased; district as `ST-N`).
    /// - Throws: `InputError.badProfileValue` naming the key and what is wrong.
    public func validate(_ raw: String, state: String?) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        func bad(_ why: String, _ hint: String) -> InputError {
            InputError.badProfileValue(key: rawValue, value: raw, reason: why, hint: hint)
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw bad("holds a line break or control character", "give the value on one line")
        }
        if value.isEmpty { throw bad("is empty", "give a value, for example: outreach profile set \(rawValue) VALUE") }
        switch self {
        case .email:
            do { _ = try AddrSpec(value) } catch let problem as AddrSpec.Problem {
                throw bad("\(problem)", "give a plain address like name@example.org")
            }
        case .state:
            let code = value.uppercased()
            guard USState.codes.contains(code) else {
                throw bad("is not a US state code", "use the two-letter USPS code, for example CA, NY or IL")
            }
            return code
        case .zip:
            guard value.utf8.count == 5, value.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw bad("is not a 5-digit ZIP code", "give five digits, for example 94612")
            }
        case .district:
            return try USState.normalizeDistrict(value, state: state) { bad($0, $1) }
        case .name:
            if value.utf8.count > 200 { throw bad("is longer than 200 bytes", "shorten it") }
        case .street, .city, .phone:
            break
        }
        return value
    }
}
