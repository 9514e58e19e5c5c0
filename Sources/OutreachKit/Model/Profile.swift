import Foundation

/// The sender: who signs the letters and where replies go.
///
/// Stored in `profile.toml` (see `ProfileStore`). Every field is checked by `ProfileField.validate`.
public struct Profile: Sendable, Equatable {
    /// Full name as it should appear in From and the signature.
    public var name: String
    /// Optional prefix as web forms ask for it (`Ms.`, `Dr.`), free text.
    public var prefix: String?
    /// The sender's address: header From and envelope MAIL FROM.
    public var email: String
    public var street: String
    public var city: String
    /// Two-letter USPS code, upper case.
    public var state: String
    /// Five digits.
    public var zip: String
    /// Optional ZIP+4 add-on: the four digits after the ZIP's dash (`94612-1234` → `1234`).
    public var zip4: String?
    /// Optional telephone number, free text.
    public var phone: String?
    /// Optional congressional district as `ST-N` (`CA-12`; `0` for at-large states).
    public var district: String?
    /// Optional state legislative districts, as `StateDistricts.text` writes them
    /// (`senate 7; assembly 18`; `13` in Nebraska; `Ward 1` in DC).
    public var stateDistrict: String?
    /// Optional organization the sender may sign for (`{{sender.organization}}`), for letters
    /// written on its behalf.
    public var organization: String?
    /// Other keys (for example the `smtp.*` settings), kept as written.
    public var extra: [String: String]
    /// `copy_me = true`: every emailed letter drafted carries the sender's own address in its
    /// envelope (never in a header field), as `draft --copy-me` does for one run.
    public var copyMe = false

    /// The profile key of `copyMe`.
    public static let copyMeKey = "copy_me"

    public init(
        name: String, email: String, street: String, city: String, state: String, zip: String,
        phone: String? = nil, district: String? = nil, stateDistrict: String? = nil, prefix: String? = nil,
        zip4: String? = nil, organization: String? = nil, extra: [String: String] = [:]
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
        self.prefix = prefix
        self.zip4 = zip4
        self.organization = organization
        self.extra = extra
    }

    /// The value of `key`, or `nil` when unset.
    public func value(of field: ProfileField) -> String? {
        switch field {
        case .name: return name
        case .prefix: return prefix
        case .email: return email
        case .street: return street
        case .city: return city
        case .state: return state
        case .zip: return zip
        case .zip4: return zip4
        case .phone: return phone
        case .district: return district
        case .stateDistrict: return stateDistrict
        case .organization: return organization
        }
    }

    /// Sets a field from text already normalized by `ProfileField.validate`; `nil` clears an optional one.
    public mutating func set(_ field: ProfileField, to value: String?) {
        switch field {
        case .name: name = value ?? ""
        case .prefix: prefix = value
        case .email: email = value ?? ""
        case .street: street = value ?? ""
        case .city: city = value ?? ""
        case .state: state = value ?? ""
        case .zip: zip = value ?? ""
        case .zip4: zip4 = value
        case .phone: phone = value
        case .district: district = value
        case .stateDistrict: stateDistrict = value
        case .organization: organization = value
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
