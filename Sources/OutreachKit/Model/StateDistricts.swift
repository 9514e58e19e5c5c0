import Foundation

/// A person's state legislative districts, the profile's `state_district`: one district per
/// chamber, each named with the chamber's word (`senate 7; assembly 18`, `house Rockingham 30`,
/// `senate Chittenden Central; house Chittenden-17`), or the district alone where the
/// legislature has one chamber (`13` in Nebraska, `Ward 1` in the District of Columbia).
///
/// Parts are separated by `;` (Massachusetts' district names hold commas). A chamber may be left
/// out: the person's other legislators are then not known.
public struct StateDistricts: Sendable, Equatable {
    /// One chamber's district.
    public struct Part: Sendable, Equatable {
        /// The Open States role type: `upper`, `lower` or `legislature`.
        public let chamber: String
        /// The district as written in the lists (`7`, `Rockingham 30`, `Ward 1`).
        public let district: String
    }

    /// Why a `state_district` value was refused, and how to write it.
    public struct Problem: Error, Sendable {
        public let reason: String
        public let hint: String
    }

    /// The state (USPS code) whose legislature the districts are in.
    public let state: String
    /// Upper chamber first.
    public let parts: [Part]

    /// Parses a `state_district` value.
    /// - Parameters:
    ///   - text: as the person typed it: `senate 7; assembly 18`, `senate district 7`, `13`, `ward 1`.
    ///   - state: the profile's state, whose chambers decide what is allowed.
    /// - Throws: `Problem` for an empty value, a chamber the state does not have, a chamber
    ///   named twice, a district without its chamber in a two-chamber state, or a DC ward
    ///   outside 1 to 8.
    public init(parsing text: String, state: String) throws(Problem) {
        let legislature = StateLegislature(state: state)
        let example = "for example: outreach profile set state_district \"\(legislature.example)\""
        var parts: [Part] = []
        for piece in text.split(separator: ";") {
            var words = piece.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let first = words.first else { continue }
            var chamber = StateLegislature.chamberWords[first.lowercased().trimmingCharacters(in: [":"])]
            if chamber != nil {
                words.removeFirst()
                if words.first?.lowercased() == "district" { words.removeFirst() }
            }
            let district = words.joined(separator: " ")
            guard !district.isEmpty else {
                throw Problem(reason: "names a chamber without its district", hint: example)
            }
            if legislature.isUnicameral {
                guard chamber == nil || chamber == "legislature" else {
                    throw Problem(
                        reason:
                            "names a chamber, but \(USState.names[state] ?? state) has one (\(legislature.chambers.first?.name ?? ""))",
                        hint: "give the district alone, \(example)")
                }
                chamber = "legislature"
            }
            guard let type = chamber, let found = legislature.chamber(type: type) else {
                throw Problem(
                    reason:
                        "does not say which chamber '\(district)' is in; \(USState.names[state] ?? state) elects its senate and its \(legislature.chambers.last?.word ?? "house") by separate districts",
                    hint: example)
            }
            if parts.contains(where: { $0.chamber == found.type }) {
                throw Problem(reason: "names the \(found.word.isEmpty ? "district" : found.word) twice", hint: example)
            }
            parts.append(
                Part(chamber: found.type, district: try Self.spelled(district, state: state, example: example)))
        }
        guard !parts.isEmpty else { throw Problem(reason: "is empty", hint: example) }
        self.state = state
        self.parts = legislature.chambers.compactMap { chamber in parts.first { $0.chamber == chamber.type } }
    }

    private init(state: String, parts: [Part]) {
        self.state = state
        self.parts = parts
    }

    /// The value as the profile stores it: `senate 7; assembly 18`, or the district alone.
    public var text: String {
        let legislature = StateLegislature(state: state)
        return parts.map { part in
            let word = legislature.chamber(type: part.chamber)?.word ?? ""
            return word.isEmpty ? part.district : "\(word) \(part.district)"
        }.joined(separator: "; ")
    }

    /// True when `recipient` (a state legislator) sits for one of these districts, or holds a
    /// seat that represents everyone (at-large, DC's chairman). Chambers compare by the
    /// `chamber` column; districts ignore case, spacing and leading zeros.
    public func matches(_ recipient: Recipient) -> Bool {
        guard recipient.state.uppercased() == state else { return false }
        let legislature = StateLegislature(state: state)
        var chamber = recipient["chamber"]
        if chamber.isEmpty && legislature.isUnicameral { chamber = "legislature" }
        guard let part = parts.first(where: { $0.chamber == chamber }) else { return false }
        let seat = Self.comparable(recipient.district)
        if legislature.statewideSeats.contains(seat) { return true }
        let wanted = Self.comparable(part.district)
        if seat == wanted { return true }
        // Idaho: seats 10A and 10B are both district 10's.
        if legislature.lettersNameSeats, chamber == "lower", let last = seat.last, last.isLetter,
            String(seat.dropLast()) == wanted
        {
            return true
        }
        return false
    }

    /// Checks each district against the state's legislators in `recipients` and spells it as the
    /// lists do (`rockingham 30` → `Rockingham 30`).
    /// - Returns: the districts as spelled in the lists; a chamber the lists hold no one for is
    ///   kept as given.
    /// - Throws: `Problem` naming a district no current member of that chamber sits for, with
    ///   some that exist.
    public func checked(against recipients: [Recipient]) throws(Problem) -> StateDistricts {
        let legislature = StateLegislature(state: state)
        var result: [Part] = []
        for part in parts {
            let members = recipients.filter { recipient in
                recipient.role == Role.stateLegislator.rawValue && recipient.state.uppercased() == state
                    && (recipient["chamber"] == part.chamber
                        || (legislature.isUnicameral && recipient["chamber"].isEmpty))
            }
            if members.isEmpty {
                result.append(part)
                continue
            }
            let seats = Set(members.map(\.district))
            let probe = StateDistricts(state: state, parts: [part])
            if let member = members.first(where: {
                probe.matches($0) && !legislature.statewideSeats.contains(Self.comparable($0.district))
            }) {
                let exact = Self.comparable(member.district) == Self.comparable(part.district)
                result.append(Part(chamber: part.chamber, district: exact ? member.district : part.district))
                continue
            }
            let name = legislature.chamber(type: part.chamber)?.name ?? part.chamber
            let sorted = seats.sorted { Self.ordered($0, $1) }.filter {
                !legislature.statewideSeats.contains(Self.comparable($0))
            }
            let shown = sorted.prefix(12).joined(separator: ", ") + (sorted.count > 12 ? ", …" : "")
            throw Problem(
                reason:
                    "names '\(part.district)', but no current member of the \(name) sits for a district of that name",
                hint: "the \(name)'s districts in the lists are: \(shown)")
        }
        return StateDistricts(state: state, parts: result)
    }

    /// Checks a `state_district` value as `profile set` and `init` do: parsed for `state`, then
    /// checked against the state legislators in `recipients` (current ones), spelled as they are.
    /// - Returns: the value to store.
    /// - Throws: `InputError.badProfileValue` for the key `state_district`.
    public static func checkedValue(_ text: String, state: String, recipients: [Recipient]) throws -> String {
        do {
            return try StateDistricts(parsing: text, state: state).checked(against: recipients).text
        } catch {
            throw InputError.badProfileValue(
                key: ProfileField.stateDistrict.rawValue, value: text, reason: error.reason, hint: error.hint)
        }
    }

    /// Checks a `state_district` value against the current members in `reader`'s lists.
    /// - Parameters:
    ///   - text: the value given.
    ///   - state: the profile's state.
    ///   - reader: the recipient lists; nil, or lists that cannot be read, check the value's form only.
    ///   - today: `YYYY-MM-DD`; members whose term ended before it are left out.
    /// - Returns: the value to store.
    /// - Throws: `InputError.badProfileValue` for the key `state_district`.
    public static func checkedValue(_ text: String, state: String, in reader: RecipientReader?, today: String) throws
        -> String
    {
        let rows = reader.flatMap { try? $0.readAll() } ?? []
        return try checkedValue(text, state: state, recipients: rows.filter { !$0.termEnded(asOf: today) })
    }

    /// A district as compared: lower case, single spaces, no leading zeros in a number.
    static func comparable(_ district: String) -> String {
        let words = district.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let number = Int(words) { return String(number) }
        return words
    }

    /// Numbers in numeric order, before names in alphabetical order.
    private static func ordered(_ left: String, _ right: String) -> Bool {
        switch (Int(left), Int(right)) {
        case (let l?, let r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return left.localizedStandardCompare(right) == .orderedAscending
        }
    }

    /// The district as stored: a number without leading zeros; a DC ward as `Ward N`.
    private static func spelled(_ district: String, state: String, example: String) throws(Problem) -> String {
        if state == "DC" {
            let words = district.lowercased().split(separator: " ")
            let number = words.count == 2 && words[0] == "ward" ? Int(words[1]) : words.count == 1 ? Int(words[0]) : nil
            guard let number, (1...8).contains(number) else {
                throw Problem(reason: "is not a ward: the District of Columbia has wards 1 to 8", hint: example)
            }
            return "Ward \(number)"
        }
        if let number = Int(district) { return String(number) }
        return district
    }
}
