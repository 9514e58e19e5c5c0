/// US state and territory codes, and congressional district notation.
public enum USState {
    /// The 50 states, DC and the territories with a delegate in Congress (USPS codes).
    public static let codes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
        "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
        "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "DC", "AS", "GU", "MP", "PR", "VI",
    ]

    /// Full names, for letters and legislature names.
    public static let names: [String: String] = [
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
        "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
        "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
        "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
        "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
        "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
        "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
        "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
        "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
        "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "AS": "American Samoa", "GU": "Guam",
        "MP": "Northern Mariana Islands", "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
    ]

    /// Normalizes a congressional district to `ST-N` (`ca-012` → `CA-12`, `12` with state CA → `CA-12`).
    /// District `0` is at-large.
    /// - Parameters:
    ///   - text: the district as given.
    ///   - state: the state a bare number is in; nil or empty when there is none.
    ///   - fail: builds the error to throw from a reason and a hint.
    /// - Returns: the district as `ST-N`.
    /// - Throws: whatever `fail` builds, when the text is not a district.
    public static func normalizeDistrict<E: Error>(
        _ text: String, state: String?, fail: (String, String) -> E
    ) throws(E) -> String {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        let stateCode: String
        let number: Substring
        switch parts.count {
        case 1:
            guard let state, !state.isEmpty else {
                throw fail("has no state", "write it as ST-N, for example CA-12")
            }
            stateCode = state
            number = parts[0]
        case 2:
            stateCode = String(parts[0])
            number = parts[1]
        default:
            throw fail("is not a district", "write it as ST-N, for example CA-12 (0 for at-large)")
        }
        guard codes.contains(stateCode) else {
            throw fail("names an unknown state '\(stateCode)'", "write it as ST-N, for example CA-12")
        }
        guard let value = Int(number), (0...99).contains(value) else {
            throw fail("has no district number", "write it as ST-N, for example CA-12 (0 for at-large)")
        }
        if let state, !state.isEmpty, state != stateCode {
            throw fail(
                "is in \(stateCode) but the profile's state is \(state)",
                "set the state first, or give a district in \(state)")
        }
        return "\(stateCode)-\(value)"
    }
}
