/// How a state's legislature is organized: its chambers (Open States role types), what its
/// members are called, and which seats represent everyone.
///
/// Used by the Open States importer (titles and chamber names in the lists) and by the
/// profile's `state_district` (which chambers a person names, and which members are theirs).
/// Rules that are not the common case:
/// - Nebraska has one chamber (`legislature`), whose members are senators;
/// - the District of Columbia's council is its legislature: wards (`Ward 1`) and at-large seats;
/// - Puerto Rico elects at-large members to both chambers beside its districts;
/// - California, New York, Nevada, New Jersey and Wisconsin call the lower chamber the Assembly,
///   Maryland, Virginia and West Virginia the House of Delegates;
/// - Idaho elects two representatives per district, seats `10A` and `10B`, both for district 10;
/// - districts may be names, not numbers, and may elect several members: New Hampshire's
///   `Rockingham 30`, Vermont's `Chittenden-17`, Massachusetts' `10th Bristol`.
public struct StateLegislature: Sendable {
    /// One chamber: its Open States role type and its names.
    public struct Chamber: Sendable, Equatable {
        /// `upper`, `lower` or `legislature` (one chamber: Nebraska, DC).
        public let type: String
        /// The word a person uses for it in `state_district`: `senate`, `house`, `assembly`;
        /// empty for a single chamber.
        public let word: String
        /// A member's title: `Senator`, `Representative`, `Assemblymember`, `Delegate`, `Councilmember`.
        public let title: String
        /// The chamber's name: `California State Assembly`, `Nebraska Legislature`.
        public let name: String
    }

    /// The USPS code.
    public let state: String
    /// Upper then lower, or the one chamber.
    public let chambers: [Chamber]
    /// Districts (lower-cased) whose members represent every resident: `at-large`, DC's `chairman`.
    public let statewideSeats: Set<String>
    /// True where lower-chamber seats carry a letter within a district (Idaho: `10A`, `10B`).
    public let lettersNameSeats: Bool

    /// True for a single-chamber legislature.
    public var isUnicameral: Bool { chambers.count == 1 }

    /// The chamber of an Open States role type, if the legislature has it.
    public func chamber(type: String) -> Chamber? { chambers.first { $0.type == type } }

    /// How to write `state_district` for this state, for hints: `senate N; assembly N`, `N`, `Ward N`.
    public var example: String {
        if state == "DC" { return "Ward N" }
        if isUnicameral { return "N" }
        return chambers.map { "\($0.word) N" }.joined(separator: "; ")
    }

    private static let assemblies: Set<String> = ["CA", "NY", "NV", "NJ", "WI"]
    private static let housesOfDelegates: Set<String> = ["MD", "VA", "WV"]

    /// The rules for `state` (a USPS code, upper case).
    public init(state: String) {
        self.state = state
        let name = USState.names[state] ?? state
        lettersNameSeats = state == "ID"
        switch state {
        case "NE":
            chambers = [Chamber(type: "legislature", word: "", title: "Senator", name: "Nebraska Legislature")]
            statewideSeats = []
            return
        case "DC":
            chambers = [
                Chamber(
                    type: "legislature", word: "", title: "Councilmember", name: "Council of the District of Columbia")
            ]
            statewideSeats = ["at-large", "chairman"]
            return
        default:
            break
        }
        let upperName: String
        let lowerName: String
        let lowerTitle: String
        let lowerWord: String
        switch state {
        case "CA", "NY":
            upperName = "\(name) State Senate"
            lowerName = "\(name) State Assembly"
        case "WI":
            upperName = "\(name) Senate"
            lowerName = "\(name) State Assembly"
        case "NJ":
            upperName = "\(name) Senate"
            lowerName = "\(name) General Assembly"
        case "NV":
            upperName = "\(name) Senate"
            lowerName = "\(name) Assembly"
        case "PR":
            upperName = "Senate of Puerto Rico"
            lowerName = "Puerto Rico House of Representatives"
        default:
            upperName = "\(name) Senate"
            lowerName =
                Self.housesOfDelegates.contains(state)
                ? "\(name) House of Delegates" : "\(name) House of Representatives"
        }
        if Self.assemblies.contains(state) {
            lowerTitle = "Assemblymember"
            lowerWord = "assembly"
        } else if Self.housesOfDelegates.contains(state) {
            lowerTitle = "Delegate"
            lowerWord = "house"
        } else {
            lowerTitle = "Representative"
            lowerWord = "house"
        }
        chambers = [
            Chamber(type: "upper", word: "senate", title: "Senator", name: upperName),
            Chamber(type: "lower", word: lowerWord, title: lowerTitle, name: lowerName),
        ]
        statewideSeats = state == "PR" ? ["at-large"] : []
    }

    /// The words a person may use for each chamber type in `state_district`.
    static let chamberWords: [String: String] = [
        "senate": "upper", "upper": "upper", "senator": "upper",
        "house": "lower", "assembly": "lower", "lower": "lower", "delegates": "lower", "representatives": "lower",
        "legislature": "legislature", "council": "legislature",
    ]
}
