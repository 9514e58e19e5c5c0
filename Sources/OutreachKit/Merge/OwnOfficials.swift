/// The sender's own officials, found from the profile in the recipient lists: the mayor of the
/// profile's city, the state's two senators, the representative for the profile's district, and
/// the state legislators for the districts in the profile's `state_district` (the data has no
/// address-to-district lookup for them, so without it only their number is known).
public struct OwnOfficials: Sendable {
    /// One chamber of the state legislature: the profile's district in it and that district's
    /// current members (members elected at large included).
    public struct StateSeat: Sendable {
        public var chamber: StateLegislature.Chamber
        /// The district as the profile gives it; nil when the profile names none in this chamber.
        public var district: String?
        /// The current members for `district`; empty when it is nil.
        public var members: [Recipient]
    }

    /// Current mayors of the profile's city (one, unless the lists disagree).
    public var mayors: [Recipient]
    /// Current senators for the profile's state.
    public var senators: [Recipient]
    /// The congressional district, `ST-N`; nil when `districtProblem` says why it is unknown.
    public var district: String?
    /// True when the district came from the profile's ZIP code rather than its `district` key.
    public var districtFromZIP: Bool
    /// `MergeError.districtUnknown` or `.districtAmbiguous` when the district is not known.
    public var districtProblem: MergeError?
    /// Current representatives for `district`.
    public var representatives: [Recipient]
    /// Current state legislators for the profile's state.
    public var stateLegislatorCount: Int
    /// The profile's state legislature: its chambers, and how `state_district` is written there.
    public var stateLegislature: StateLegislature
    /// The profile's `state_district`; nil when it is not set (or no longer parses for the state).
    public var stateDistricts: StateDistricts?
    /// With `stateDistricts`, each chamber in order (upper first); empty without it.
    public var stateSeats: [StateSeat]

    /// Finds them.
    /// - Parameters:
    ///   - profile: the sender: city, state, ZIP, district and state districts.
    ///   - recipients: the recipient lists.
    ///   - zipDistricts: the ZIP table, for a profile without a district; nil when there is none.
    ///   - today: YYYY-MM-DD; officials whose term ended before it are left out.
    /// - Throws: what `RecipientReader.forEachRow` throws for the lists.
    public init(profile: Profile, recipients: RecipientReader, zipDistricts: ZipDistricts?, today: String) throws {
        do {
            district = try RecipientSelection.district(of: profile, zipDistricts: zipDistricts)
            districtProblem = nil
        } catch let error as MergeError {
            district = nil
            districtProblem = error
        }
        districtFromZIP = profile.district == nil
        let rows = try recipients.readAll().filter { !$0.termEnded(asOf: today) && $0.state == profile.state }
        mayors = rows.filter {
            $0.role == Role.mayor.rawValue && $0.jurisdiction.lowercased() == profile.city.lowercased()
        }
        senators = rows.filter { $0.role == Role.senator.rawValue }
        let number = district?.split(separator: "-").last.map(String.init)
        representatives =
            number.map { number in
                rows.filter { $0.role == Role.representative.rawValue && $0.district == number }
            } ?? []
        let legislators = rows.filter { $0.role == Role.stateLegislator.rawValue }
        stateLegislatorCount = legislators.count
        let legislature = StateLegislature(state: profile.state)
        stateLegislature = legislature
        let districts = profile.stateDistrict.flatMap { try? StateDistricts(parsing: $0, state: profile.state) }
        stateDistricts = districts
        stateSeats =
            districts.map { districts in
                let mine = legislators.filter { districts.matches($0) }
                return legislature.chambers.map { chamber in
                    guard let part = districts.parts.first(where: { $0.chamber == chamber.type }) else {
                        return StateSeat(chamber: chamber, district: nil, members: [])
                    }
                    let members = mine.filter {
                        $0["chamber"] == chamber.type || (legislature.isUnicameral && $0["chamber"].isEmpty)
                    }
                    return StateSeat(chamber: chamber, district: part.district, members: members)
                }
            } ?? []
    }
}
