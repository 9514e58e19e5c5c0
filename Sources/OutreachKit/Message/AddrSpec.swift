/// An email address checked as an RFC 5321/5322 addr-spec (`local-part@domain`).
///
/// Accepted: a dot-atom local part (RFC 5322 §3.4.1, §3.2.3) of at most 64 octets and a domain
/// of LDH labels (RFC 5321 §4.1.2, §4.5.3.1.1), at most 254 octets in all (RFC 5321 §4.5.3.1.3
/// less the angle brackets). Refused: quoted local parts, address literals, non-ASCII local parts
/// (they need SMTPUTF8, which most relays lack), and internationalized domains, which must be
/// written in their ASCII (`xn--`) form.
public struct AddrSpec: Sendable, Hashable, CustomStringConvertible {
    /// The local part, as written.
    public let localPart: String
    /// The domain, lowercased.
    public let domain: String

    /// `local@domain`.
    public var description: String { "\(localPart)@\(domain)" }

    /// Why a text is not an addr-spec, in words a person can act on.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case noAt
        case tooLong(octets: Int)
        case localPartTooLong(octets: Int)
        case nonASCIILocalPart
        case badLocalPart
        case internationalizedDomain
        case badDomain

        public var description: String {
            switch self {
            case .empty: return "is empty"
            case .noAt: return "has no '@'"
            case .tooLong(let n): return "is \(n) octets long; an address holds at most 254 (RFC 5321 §4.5.3.1.3)"
            case .localPartTooLong(let n):
                return "has a \(n)-octet local part; at most 64 are allowed (RFC 5321 §4.5.3.1.1)"
            case .nonASCIILocalPart: return "has a non-ASCII local part, which needs SMTPUTF8 and is refused"
            case .badLocalPart: return "has a local part that is not a dot-atom (RFC 5322 §3.4.1)"
            case .internationalizedDomain: return "has a non-ASCII domain; write it in its ASCII form (xn--...)"
            case .badDomain: return "has a domain that is not a host name (letters, digits, hyphens, dots)"
            }
        }
    }

    /// Parses and checks `text`.
    /// - Throws: `AddrSpec.Problem` naming the first rule the text breaks.
    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { throw Problem.empty }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { throw Problem.noAt }
        if bytes.count > 254 { throw Problem.tooLong(octets: bytes.count) }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        if local.contains(where: { $0 >= 0x80 }) { throw Problem.nonASCIILocalPart }
        if local.count > 64 { throw Problem.localPartTooLong(octets: local.count) }
        guard AddrSpec.isDotAtom(local) else { throw Problem.badLocalPart }
        if domain.contains(where: { $0 >= 0x80 }) { throw Problem.internationalizedDomain }
        guard AddrSpec.isHostName(domain) else { throw Problem.badDomain }
        localPart = String(decoding: local, as: UTF8.self)
        self.domain = String(decoding: domain, as: UTF8.self).lowercased()
    }

    /// True when `text` is an addr-spec by the rules above.
    public static func isValid(_ text: String) -> Bool {
        (try? AddrSpec(text)) != nil
    }

    // RFC 5322 §3.2.3 atext.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        let dot = UInt8(ascii: ".")
        guard let first = bytes.first, let last = bytes.last, first != dot, last != dot else { return false }
        var previousWasDot = false
        for byte in bytes {
            if byte == dot {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                guard isAtext(byte) else { return false }
                previousWasDot = false
            }
        }
        return true
    }

    private static func isHostName(_ bytes: ArraySlice<UInt8>) -> Bool {
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, bytes.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-")
                })
            else { return false }
        }
        // A top-level domain is never all digits (RFC 3696 §2), which also rules out IPv4 literals.
        return !(labels.last ?? []).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
