import Foundation

/// The sender: who signs the letters and where replies go.
///
/// Stored in `profile.toml` (see `ProfileStore`). Every field is checked by `ProfileField.validate`.
public struct Profile: Sendable, Equatable {
    /// Full name as it should appear in From and the signature.
    public var name: String
    /// The sender's address: header From and envelope MAIL FROM.
    public var email: String
    public var street: String
    public var city: String
    /// Two-letter USPS code, upper case.
    public var state: String
    /// Five digits.
    public var zip: String
    /// Optional telephone number, free text.
    public var phone: String?
    /// Optional congressional district as `ST-N` (`CA-12`; `0` for at-large states).
    public var district: String?
    /// Optional state legislative districts, as `StateDistricts.text` writes them
    /// (`senate 7; assembly 18`; `13` in Nebraska; `Ward 1` in DC).
    public var stateDistrict: String?
    /// Other keys (for example the `smtp.*` settings), kept as written.
    public var extra: [String: String]
    /// `copy_me = true`: every emailed letter drafted carries the sender's own address in its
    /// envelope (never in a header field), as `draft --copy-me` does for one run.
    public var copyMe = false

    /// The profile key of `copyMe`.
    public static let copyMeKey = "copy_me"

    public init(
        name: String, email: String, street: String, city: String, state: String, zip: String,
        phone: String? = nil, district: String? = nil, stateDistrict: String? = nil, extra: [String: String] = [:]
    ) {
        self.name = name
        self.email = email
        self.street = street
        self.city = city
        self.state = state
        self.zip = zip
        self.phone = phone
        self.district = district
        self.stateDistrict = stateDistrict
        self.extra = extra
    }

    /// The value of `key`, or `nil` when unset.
    public func value(of field: ProfileField) -> String? {
        switch field {
        case .name: return name
        case .email: return email
        case .street: return street
        case .city: return city
        case .state: return state
        case .zip: return zip
        case .phone: return phone
        case .district: return district
        case .stateDistrict: return stateDistrict
        }
    }

    /// Sets a field from text already normalized by `ProfileField.validate`; `nil` clears an optional one.
    public mutating func set(_ field: ProfileField, to value: String?) {
        switch field {
        case .name: name = value ?? ""
        case .email: email = value ?? ""
        case .street: street = value ?? ""
        case .city: city = value ?? ""
        case .state: state = value ?? ""
        case .zip: zip = value ?? ""
        case .phone: phone = value
        case .district: district = value
        case .stateDistrict: stateDistrict = value
        }
    }

    /// The fields as template values (`{{sender.FIELD}}`): set fields only, so an unset
    /// optional field renders a `{{#sender.phone}}` section as empty.
    public var templateFields: [String: String] {
        var fields: [String: String] = [:]
        for field in ProfileField.allCases {
            if let value = value(of: field), !value.isEmpty { fields[field.rawValue] = value }
        }
        return fields
    }

    /// A yes-or-no profile value: `true`, `yes`, `on`, `1` or `false`, `no`, `off`, `0`.
    /// - Parameter text: the value as given.
    /// - Returns: the flag, or nil when the text is neither.
    public static func flag(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: return nil
        }
    }
}
