/// Which recipients a draft or a list is for: a role, filters, and by default the sender's own
/// officials (the mayor of the profile's city; the members for the profile's state and district;
/// for a role of one's own lists, the rows of the profile's city and state).
public struct RecipientSelection: Sendable {
    /// The role (`mayor`, `representative`, `senator`, `state-legislator`, or a role of one's own).
    public var role: Role?
    /// `--state ST`.
    public var state: String?
    /// `--jurisdiction NAME` (`--city`).
    public var jurisdiction: String?
    /// `--district D`: `12`, `CA-12` or `0` for at-large.
    public var district: String?
    /// `--where COLUMN=VALUE`, all must hold.
    public var conditions: [(column: String, value: String)]
    /// `--anywhere`: drop the own-officials default.
    public var anywhere: Bool
    /// The profile's state legislative districts, when state legislators are asked for by default.
    public var stateDistricts: StateDistricts?
    /// The filters `resolved` filled in from the profile (the own-officials default) rather than
    /// given; the summaries name the flag that includes what they left out.
    public private(set) var defaulted: Set<Filter> = []
    /// True when the defaults pass a row that lacks the value (`resolved` sets it for roles of
    /// one's own lists, which may have no city or state column filled in).
    public private(set) var lenientDefaults = false

    /// A filter of the selection.
    public enum Filter: String, Sendable, Hashable, Codable {
        case state, jurisdiction, district, stateDistricts, condition
    }

    public init(
        role: Role?, state: String? = nil, jurisdiction: String? = nil, district: String? = nil,
        conditions: [(column: String, value: String)] = [], anywhere: Bool = false
    ) {
        self.role = role
        self.state = state
        self.jurisdiction = jurisdiction
        self.district = district
        self.conditions = conditions
        self.anywhere = anywhere
    }

    /// Parses `COLUMN=VALUE`.
    /// - Throws: `InputError.badOption` when there is no `=` or no column.
    public static func condition(_ text: String) throws -> (column: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw InputError.badOption(
                option: "--where", reason: "'\(text)' is not COLUMN=VALUE", hint: "for example --where party=Democratic"
            )
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// As `resolved(profile:zipDistricts:)`, with the ZIP table beside `lists`: the one
    /// lookup `draft`, `recipients list` and `whoami` share, so they agree on a district.
    /// - Parameters:
    ///   - profile: the sender; nil when there is no profile (no defaults then).
    ///   - lists: the recipient lists, whose ZIP-to-district table is read only when needed.
    /// - Returns: the selection with the defaults filled in.
    /// - Throws: as `resolved(profile:zipDistricts:)`.
    public func resolved(profile: Profile?, lists: RecipientLists) throws -> RecipientSelection {
        try resolved(profile: profile) { try? ZipDistricts(file: lists.zipDistrictsFile) }
    }

    /// Applies the own-officials default from `profile` to what was not given explicitly.
    ///
    /// An explicit `--state` replaces the profile's state and drops the city and district
    /// defaults; `--anywhere` drops every default. Known roles (`Role.known`) default to the
    /// sender's own officials; any other role to the rows of the profile's city and state, where
    /// a row has them.
    /// - Parameters:
    ///   - profile: the sender; nil when there is no profile (no defaults then).
    ///   - zipDistricts: loads the ZIP table, called only when a district must come from it.
    /// - Returns: the selection with the defaults filled in.
    /// - Throws: `MergeError.districtUnknown` or `.districtAmbiguous` when representatives are
    ///   asked for by default and the profile's district is not known; `InputError.badOption`
    ///   for a `--state` that is no state code, a `--district` naming an unknown state, or a
    ///   `--district` in another state.
    public func resolved(profile: Profile?, zipDistricts: () -> ZipDistricts? = { nil }) throws -> RecipientSelection {
        var result = self
        if let state, !USState.codes.contains(state.uppercased()) {
            throw InputError.badOption(
                option: "--state", reason: "'\(state)' is not a state code",
                hint: "use the two-letter USPS code, for example CA, NY or IL")
        }
        // "CA-6" names its state: it is that state's district 6, whatever the profile says.
        // Two letters that are no state ("ZZ-1") are a mistake, never another state's district.
        if let district, let prefix = district.split(separator: "-").first.map(String.init)?.uppercased(),
            district.contains("-"), prefix.count == 2, prefix.allSatisfy({ $0.isASCII && $0.isLetter }),
            !USState.codes.contains(prefix)
        {
            throw InputError.badOption(
                option: "--district", reason: "'\(district)' names an unknown state '\(prefix)'",
                hint: "write ST-N with a two-letter USPS code (for example CA-12), or the number alone")
        }
        if let district, let prefix = district.split(separator: "-").first.map(String.init)?.uppercased(),
            district.contains("-"), USState.codes.contains(prefix)
        {
            if let state, state.uppercased() != prefix {
                throw InputError.badOption(
                    option: "--district", reason: "'\(district)' is in \(prefix), not \(state)",
                    hint: "give the district's number alone, or a district in \(state)")
            }
            result.state = prefix
        }
        guard !anywhere, let profile else { return result }
        if result.state == nil {
            result.state = profile.state
            result.defaulted.insert(.state)
            switch role {
            case Role.mayor?:
                if result.jurisdiction == nil {
                    result.jurisdiction = profile.city
                    result.defaulted.insert(.jurisdiction)
                }
            case Role.representative?:
                if result.district == nil {
                    result.district = try Self.district(
                        of: profile, zipDistricts: profile.district == nil ? zipDistricts() : nil)
                    result.defaulted.insert(.district)
                }
            case Role.stateLegislator?:
                // Without state_district the default stays every legislator of the state.
                if result.district == nil, let text = profile.stateDistrict {
                    result.stateDistricts = try? StateDistricts(parsing: text, state: profile.state)
                    if result.stateDistricts != nil { result.defaulted.insert(.stateDistricts) }
                }
            case Role.senator?, nil:
                break
            case .some:
                // A role of one's own lists: the sender's city and state, where the row has them.
                result.lenientDefaults = true
                if result.jurisdiction == nil {
                    result.jurisdiction = profile.city
                    result.defaulted.insert(.jurisdiction)
                }
            }
        }
        return result
    }

    /// The profile's congressional district: the one set, else the only one its ZIP lies in.
    /// - Throws: `MergeError.districtAmbiguous` listing the candidates when the ZIP spans
    ///   several (never guessing); `.districtUnknown` when nothing is known.
    public static func district(of profile: Profile, zipDistricts: ZipDistricts?) throws -> String {
        if let district = profile.district { return district }
        let candidates = (zipDistricts?.districts(zip: profile.zip) ?? []).filter { $0.hasPrefix("\(profile.state)-") }
        if candidates.count == 1, let only = candidates.first { return only }
        if candidates.count > 1 { throw MergeError.districtAmbiguous(zip: profile.zip, candidates: candidates) }
        throw MergeError.districtUnknown
    }

    /// Checks that each `--where` column exists in at least one recipient file.
    /// - Throws: `InputError.badOption` naming the column and listing the ones there are.
    public func checkConditions(against columns: Set<String>) throws {
        for condition in conditions where !columns.contains(condition.column) {
            throw InputError.badOption(
                option: "--where", reason: "no recipient file has a column '\(condition.column)'",
                hint: "columns: \(columns.sorted().joined(separator: ", "))")
        }
    }

    /// True when the recipient is in the selection (role, state, jurisdiction, district and
    /// conditions; comparisons ignore case; districts compare by number).
    public func matches(_ recipient: Recipient) -> Bool {
        if let role, recipient.role != role.rawValue { return false }
        return exclusion(of: recipient) == nil
    }

    /// The filter that leaves out a recipient of the selected role, or nil when none does. The
    /// role itself is not checked: a row of another role is not "left out".
    /// - Parameter recipient: a row (its role already normalized by the reader).
    /// - Returns: the first filter it fails, in the order state, jurisdiction, district, state
    ///   districts, conditions.
    public func exclusion(of recipient: Recipient) -> Filter? {
        func passes(_ filter: Filter, _ value: String, _ test: () -> Bool) -> Bool {
            (lenientDefaults && defaulted.contains(filter) && value.isEmpty) || test()
        }
        if let state, !passes(.state, recipient.state, { recipient.state.uppercased() == state.uppercased() }) {
            return .state
        }
        if let jurisdiction,
            !passes(
                .jurisdiction, recipient.jurisdiction,
                { recipient.jurisdiction.lowercased() == jurisdiction.lowercased() })
        {
            return .jurisdiction
        }
        if let district, Self.districtNumber(recipient.district) != Self.districtNumber(district) { return .district }
        if let stateDistricts, !stateDistricts.matches(recipient) { return .stateDistricts }
        for condition in conditions {
            guard recipient.header.index[condition.column] != nil,
                recipient[condition.column].lowercased() == condition.value.lowercased()
            else { return .condition }
        }
        return nil
    }

    /// The rows left out, short, for an error message: `291 not in CA`, `2 not in Oakland`.
    /// - Parameter counts: rows left out per filter (`Filter.rawValue`).
    /// - Returns: one phrase per filter that left rows out.
    public func leftOutCounts(_ counts: [String: Int]) -> [String] {
        let order: [Filter] = [.state, .jurisdiction, .district, .stateDistricts, .condition]
        return order.compactMap { filter in
            guard let count = counts[filter.rawValue], count > 0 else { return nil }
            return "\(count) \(place(filter))"
        }
    }

    private func place(_ filter: Filter) -> String {
        switch filter {
        case .state: return "not in \(state ?? "")"
        case .jurisdiction: return "not in \(jurisdiction ?? "")"
        case .district: return "not in district \(district ?? "")"
        case .stateDistricts: return "not in \(stateDistricts?.text ?? "your state districts")"
        case .condition:
            return "not matching --where \(conditions.map { "\($0.column)=\($0.value)" }.joined(separator: " "))"
        }
    }

    /// One line per filter that left rows out, saying how many, why, and the flag that includes
    /// them: `291 not in CA: your own officials by default; --state ST or --anywhere includes them`.
    /// - Parameter counts: rows left out per filter (`Filter.rawValue`).
    /// - Returns: the lines, in the order the filters apply.
    public func leftOutLines(_ counts: [String: Int]) -> [String] {
        let order: [Filter] = [.state, .jurisdiction, .district, .stateDistricts, .condition]
        return order.compactMap { filter in
            guard let count = counts[filter.rawValue], count > 0 else { return nil }
            let rows = "\(count) recipient\(count == 1 ? "" : "s")"
            let flag: String
            switch filter {
            case .state: flag = "--state ST"
            case .jurisdiction: flag = "--city NAME"
            case .district, .stateDistricts: flag = "--district D"
            case .condition: return "Left out \(rows) \(place(filter))."
            }
            if defaulted.contains(filter) {
                return
                    "Left out \(rows) \(place(filter)): you write to your own officials by default; \(flag) or --anywhere includes them."
            }
            let given: String
            switch filter {
            case .state: given = "--state \(state ?? "")"
            case .jurisdiction: given = "--city \(jurisdiction ?? "")"
            default: given = "--district \(district ?? "")"
            }
            return "Left out \(rows) \(place(filter)) (\(given))."
        }
    }

    /// A phrase for messages: `mayor of Oakland, CA`, `representative for CA-12`.
    public var description: String {
        var text = role?.rawValue ?? "recipient"
        if let jurisdiction { text += " of \(jurisdiction)" }
        if let state { text += jurisdiction == nil ? " in \(state)" : ", \(state)" }
        if let district { text += " for district \(district)" }
        if let stateDistricts { text += " for \(stateDistricts.text)" }
        for condition in conditions { text += " with \(condition.column)=\(condition.value)" }
        return text
    }

    /// `CA-012` → `12`; `12` → `12`; `At-Large` → `0`; a district's name stays whole, in lower
    /// case (`Chittenden-17`, `Rockingham 30`): only a state code before the `-` is dropped.
    static func districtNumber(_ text: String) -> String {
        if text.lowercased() == "at-large" { return "0" }
        var rest = Substring(text)
        if let dash = text.firstIndex(of: "-"), USState.codes.contains(text[..<dash].uppercased()) {
            rest = text[text.index(after: dash)...]
        }
        if let number = Int(rest) { return String(number) }
        return rest.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
