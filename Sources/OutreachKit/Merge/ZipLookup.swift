/// The congressional districts a ZIP code lies in, and each one's current members of Congress
/// (`outreach recipients lookup`). ZIP codes (Census ZCTAs) only approximate districts: one that
/// spans several gives every candidate.
public struct ZipLookup: Sendable {
    /// One district and its members.
    public struct District: Sendable {
        /// `ST-N`; `N` is 0 for an at-large state.
        public var name: String
        public var isAtLarge: Bool
        /// The district's representative and the state's senators, in file order.
        public var members: [Recipient]
    }

    public var districts: [District]

    /// Looks `zip` up in the ZIP table that goes with the recipient lists, then the members in the lists.
    /// - Parameters:
    ///   - zip: five digits.
    ///   - recipients: the recipient lists, with their ZIP table (`RecipientLists.zipDistrictsFile`).
    ///   - today: YYYY-MM-DD; members whose term ended before it are left out.
    /// - Throws: `InputError.badOption` (naming `--zip`) for a ZIP that is not 5 digits or not in
    ///   the table; `InputError.cannotRead` when there is no table; what `RecipientReader` throws.
    public init(zip: String, recipients: RecipientReader, today: String) throws {
        guard zip.utf8.count == 5, zip.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw InputError.badOption(
                option: "--zip", reason: "'\(zip)' is not a 5-digit ZIP code", hint: "for example --zip 94612")
        }
        let table = try ZipDistricts(file: recipients.lists.zipDistrictsFile)
        let names = table.districts(zip: zip)
        guard !names.isEmpty else {
            throw InputError.badOption(
                option: "--zip", reason: "ZIP \(zip) is not in the table",
                hint: "PO-box and single-company ZIPs have no Census area; try the ZIP of your street address")
        }
        let rows = try recipients.readAll().filter { !$0.termEnded(asOf: today) }
        districts = names.map { name in
            let parts = name.split(separator: "-")
            let state = parts.first.map(String.init) ?? ""
            let number = parts.last.map(String.init) ?? ""
            let members = rows.filter { member in
                member.state == state
                    && ((member.role == Role.representative.rawValue && member.district == number)
                        || member.role == Role.senator.rawValue)
            }
            return District(name: name, isAtLarge: number == "0", members: members)
        }
    }
}
