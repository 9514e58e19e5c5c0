import Foundation

/// A kind of office: any lowercase slug (`mayor`, `council-member`, `county-executive`, `sheriff`).
///
/// A role is written the same way everywhere it appears (a recipient row's `role`, `draft --to`,
/// `recipients list --to`, `log --to`, a template's `audience`): white space around it is
/// trimmed, letters are case-folded, and each run of spaces or underscores becomes one `-`, so
/// `Council Member`, `council_member` and ` COUNCIL-MEMBER ` are all `council-member`. What is
/// left must be letters a–z and digits in words joined by `-`.
///
/// The four roles of the shipped lists are known (`Role.known`): for them `draft` finds the
/// sender's own officials by default (see `RecipientSelection.resolved`). Any other role comes
/// from the person's own lists.
public struct Role: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The slug: `council-member`.
    public let rawValue: String

    /// The role `rawValue` names, normalized (see the type's description); nil when the text is
    /// empty, or is not a slug once normalized (`mayor/council`).
    /// - Parameter rawValue: the role as written anywhere.
    public init?(rawValue: String) {
        guard let slug = Self.normalize(rawValue) else { return nil }
        self.rawValue = slug
    }

    private init(known: String) {
        rawValue = known
    }

    /// The mayor of a city.
    public static let mayor = Role(known: "mayor")
    /// A member of the US House of Representatives (delegates included).
    public static let representative = Role(known: "representative")
    /// A member of the US Senate.
    public static let senator = Role(known: "senator")
    /// A member of a state legislature.
    public static let stateLegislator = Role(known: "state-legislator")

    /// The roles of the shipped lists, whose own-officials default `outreach` knows.
    public static let known: [Role] = [.mayor, .representative, .senator, .stateLegislator]

    /// The known roles' names, for messages.
    public static var names: [String] { known.map(\.rawValue) }

    /// True for the roles of the shipped lists.
    public var isKnown: Bool { Self.known.contains(self) }

    /// What a known role is, for `outreach recipients roles`; nil for roles of one's own lists.
    public var summary: String? {
        switch rawValue {
        case Role.mayor.rawValue: return "mayor of a city"
        case Role.representative.rawValue:
            return "member of the US House of Representatives (including delegates)"
        case Role.senator.rawValue: return "member of the US Senate"
        case Role.stateLegislator.rawValue: return "member of a state legislature (senate, assembly or house)"
        default: return nil
        }
    }

    public var description: String { rawValue }

    public static func < (left: Role, right: Role) -> Bool { left.rawValue < right.rawValue }

    /// Decodes a role from its text, normalized.
    /// - Throws: `DecodingError.dataCorrupted` when the text is not a role.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let role = Role(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(text.debugDescription) is not a role")
        }
        self = role
    }

    /// Encodes the slug as a string.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// `text` as a role's slug: trimmed, case-folded, runs of spaces and underscores as one `-`.
    /// - Parameter text: the role as written.
    /// - Returns: the slug, or nil when nothing is left or what is left is not a slug.
    public static func normalize(_ text: String) -> String? {
        // Nearly every value read is a slug already: check the bytes before making anything.
        if isSlug(text.utf8) { return text }
        var slug: [UInt8] = []
        var pendingDash = false
        for scalar in text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().unicodeScalars {
            if scalar == " " || scalar == "_" || scalar == "\t" || scalar == "-" {
                pendingDash = !slug.isEmpty
                continue
            }
            guard scalar.isASCII else { return nil }
            if pendingDash { slug.append(0x2D) }
            pendingDash = false
            slug.append(UInt8(scalar.value))
        }
        return isSlug(slug) ? String(decoding: slug, as: UTF8.self) : nil
    }

    /// Letters a–z and digits, in words joined by single `-`.
    private static func isSlug<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard let first = bytes.first, first != 0x2D else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let isWordByte = (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            if !isWordByte && !(byte == 0x2D && previous != 0x2D) { return false }
            previous = byte
        }
        return previous != 0x2D
    }

    /// Why `text` is not a role, for error messages.
    static func problem(with text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? "is empty"
            : "\(text.debugDescription) is not a role: a role is a lowercase word or words joined by '-', such as council-member"
    }
}
