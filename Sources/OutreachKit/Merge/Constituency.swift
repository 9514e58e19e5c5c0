/// The offices that are the sender's own, for templates with `sender: resident`.
///
/// A local office (a mayor, or any role of one's own lists) is the sender's when its
/// `jurisdiction` is the profile's city and its `state` the profile's state. A state or federal
/// office is the sender's when its state is the profile's, and, where the profile makes it
/// certain, its district too:
/// - a representative: the profile's `district`, else the one district the profile's ZIP lies
///   in (the same district `draft --to representative` writes to); a ZIP in several districts
///   leaves the state alone checked;
/// - a state legislator: the districts in the profile's `state_district` (members elected at
///   large included); without it, the state alone;
/// - a senator: the state (senators serve the whole state).
public struct Constituency: Sendable {
    /// The profile's city and state (USPS code).
    public let city: String
    public let state: String
    /// The profile's ZIP code, for the words of `basis(for:)`.
    public let zip: String
    /// The congressional district `ST-N` when it is certain; nil when it is not.
    public let district: String?
    /// True when `district` came from the ZIP code rather than the profile's `district`.
    public let districtFromZIP: Bool
    /// The profile's state legislative districts, when it has them.
    public let stateDistricts: StateDistricts?

    /// - Parameters:
    ///   - profile: the sender.
    ///   - zipDistricts: the ZIP table, for a profile without `district`; nil when there is none
    ///     (the district is then not certain).
    public init(profile: Profile, zipDistricts: ZipDistricts?) {
        city = profile.city
        state = profile.state
        zip = profile.zip
        district = try? RecipientSelection.district(of: profile, zipDistricts: zipDistricts)
        districtFromZIP = profile.district == nil
        stateDistricts = profile.stateDistrict.flatMap { try? StateDistricts(parsing: $0, state: profile.state) }
    }

    /// True when the recipient's office is one of the sender's own (see the type's rules).
    /// - Parameter recipient: the row.
    /// - Returns: whether a letter that says its sender lives there is true of this sender.
    public func includes(_ recipient: Recipient) -> Bool {
        guard Self.same(recipient.state, state) else { return false }
        // A row's role is a slug already (`RecipientReader` normalizes it).
        switch Role(rawValue: recipient.role) {
        case Role.senator?:
            return true
        case Role.representative?:
            guard let district else { return true }
            return RecipientSelection.districtNumber(recipient.district) == RecipientSelection.districtNumber(district)
        case Role.stateLegislator?:
            return stateDistricts?.matches(recipient) ?? true
        default:
            return Self.same(recipient.jurisdiction, city)
        }
    }

    /// What `includes` checks for a role, in words for the draft's summary and errors:
    /// `your city, Oakland, CA`; `your district, CA-12 (from ZIP 94612)`.
    /// - Parameter role: the role written to.
    /// - Returns: one phrase.
    public func basis(for role: Role) -> String {
        switch role {
        case .senator:
            return "your state, \(state)"
        case .representative:
            guard let district else {
                return
                    "your state, \(state) (your district is not certain: ZIP \(zip) is not in one district alone; set it with outreach profile set district ST-N)"
            }
            return "your district, \(district)\(districtFromZIP ? " (from ZIP \(zip))" : "")"
        case .stateLegislator:
            guard let stateDistricts else {
                return "your state, \(state) (set state_district to keep to your own legislators)"
            }
            return "your state districts, \(stateDistricts.text) (\(state))"
        default:
            return "your city, \(city), \(state)"
        }
    }

    private static func same(_ one: String, _ other: String) -> Bool {
        one.trimmingCharacters(in: .whitespaces).lowercased() == other.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
