/// The profile's keys, in the order `init` asks for them.
public enum ProfileField: String, CaseIterable, Sendable {
    case name, prefix, email, street, city, state, zip, zip4, phone, district
    case stateDistrict = "state_district"
    case organization

    /// Optional fields may be left unset.
    public var isOptional: Bool {
        switch self {
        case .prefix, .zip4, .phone, .district, .stateDistrict, .organization: return true
        case .name, .email, .street, .city, .state, .zip: return false
        }
    }

    /// What the key holds, for prompts and help.
    public var prompt: String {
        switch self {
        case .name: return "Your full name"
        case .prefix: return "Prefix, as forms ask for it (optional, e.g. Ms., Mr., Mx., Dr.)"
        case .email: return "Your email address"
        case .street: return "Street address"
        case .city: return "City"
        case .state: return "State (two letters, e.g. CA)"
        case .zip: return "ZIP code (5 digits)"
        case .zip4: return "ZIP+4 code's last 4 digits (optional, e.g. 1234)"
        case .phone: return "Phone (optional)"
        case .district: return "Congressional district (optional, e.g. CA-12)"
        case .stateDistrict: return "State legislative districts (optional, e.g. senate 7; house 18)"
        case .organization:
            return "An organization you may sign for, for letters on its behalf (optional)"
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
                let plusFour = value.utf8.count == 10 && value.contains("-")
                throw bad(
                    "is not a 5-digit ZIP code",
                    plusFour
                        ? "give the five digits here and the last four apart: outreach profile set zip4 \(value.suffix(4))"
                        : "give five digits, for example 94612")
            }
        case .zip4:
            // The add-on of a ZIP+4 code (USPS Publication 28 §2): four digits after the ZIP.
            let digits = value.split(separator: "-").last.map(String.init) ?? value
            guard digits.utf8.count == 4, digits.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw bad(
                    "is not the 4 digits of a ZIP+4 code", "give the four digits after the dash, for example 1234")
            }
            return digits
        case .prefix:
            if value.utf8.count > 20 { throw bad("is longer than 20 bytes", "give a short prefix such as Ms. or Dr.") }
        case .organization:
            if value.utf8.count > 200 { throw bad("is longer than 200 bytes", "shorten it") }
        case .district:
            return try USState.normalizeDistrict(value, state: state) { bad($0, $1) }
        case .stateDistrict:
            guard let state, !state.isEmpty else {
                throw bad("needs the profile's state", "set the state first: outreach profile set state ST")
            }
            do { return try StateDistricts(parsing: value, state: state).text } catch {
                throw bad(error.reason, error.hint)
            }
        case .name:
            if value.utf8.count > 200 { throw bad("is longer than 200 bytes", "shorten it") }
        case .street, .city, .phone:
            break
        }
        return value
    }
}
