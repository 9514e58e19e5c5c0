/// The ids of a draft's new letters, in order, kept as runs of consecutive ids: a draft's
/// letters take consecutive ids, so a million letters are one run rather than 8 MB of ids. In
/// JSON it is the plain array of ids (`[1, 2, 3]`).
public struct LetterIds: Sequence, Codable, Sendable, Equatable {
    private var runs: [ClosedRange<Int64>] = []
    /// How many ids.
    public private(set) var count = 0

    public init() {}

    /// The first id, or nil when there is none.
    public var first: Int64? { runs.first?.lowerBound }

    /// Adds `id` after the ids added before.
    public mutating func append(_ id: Int64) {
        if let last = runs.last, last.upperBound &+ 1 == id {
            runs[runs.count - 1] = last.lowerBound...id
        } else {
            runs.append(id...id)
        }
        count += 1
    }

    public func makeIterator() -> FlattenSequence<[ClosedRange<Int64>]>.Iterator {
        runs.joined().makeIterator()
    }

    public var underestimatedCount: Int { count }

    /// Reads a JSON array of ids.
    /// - Throws: `DecodingError` when an element is not an integer.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd { append(try container.decode(Int64.self)) }
    }

    /// Writes the ids as a JSON array, one by one (the runs are not kept as such).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for id in self { try container.encode(id) }
    }
}
