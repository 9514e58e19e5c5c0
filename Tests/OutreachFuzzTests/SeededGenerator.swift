/// SplitMix64: a small, fast random number generator that gives the same numbers for the same
/// seed on every machine, so that a failing case can be run again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A generator for one case of one test: the same whatever ran before it.
    static func forCase(_ test: String, _ index: Int) -> SeededGenerator {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in test.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return SeededGenerator(seed: FuzzSettings.seed ^ hash ^ (UInt64(index) &* 0x9E37_79B9))
    }
}
