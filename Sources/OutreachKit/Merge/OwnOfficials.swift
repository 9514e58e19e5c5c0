/// The sender's own officials, found from the profile in the recipient lists: the mayor of the
/// profile's city, the state's two senators, the representative for the profile's district, and
/// how many state legislators the lists hold for the state (the data has no address-to-district
/// lookup for them).
public struct OwnOfficials: Sendable {
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

    /// Finds them.
    /// - Parameters:
    ///   - profile: the sender: city, state, ZIP and district.
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
        stateLegislatorCount = rows.filter { $0.role == Role.stateLegislator.rawValue }.count
    }
}
