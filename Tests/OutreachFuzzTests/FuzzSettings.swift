import Foundation

/// How much the fuzz tests generate, and from which seed. Deterministic by default: the same
/// inputs on every run, bounded to about a minute or two in CI.
///
/// - `OUTREACH_FUZZ_SEED`: the seed (a number; default 18, after the issue).
/// - `OUTREACH_FUZZ_SCALE`: how many times the default number of cases to run (default 1);
///   for example `OUTREACH_FUZZ_SCALE=50 swift test --filter OutreachFuzzTests` runs longer.
enum FuzzSettings {
    static var seed: UInt64 {
        UInt64(ProcessInfo.processInfo.environment["OUTREACH_FUZZ_SEED"] ?? "") ?? 18
    }

    static var scale: Int {
        max(1, Int(ProcessInfo.processInfo.environment["OUTREACH_FUZZ_SCALE"] ?? "") ?? 1)
    }

    /// `base` cases times the scale.
    static func cases(_ base: Int) -> Int { base * scale }

    /// How a failing case is named, so that it can be run again.
    static func label(_ test: String, _ index: Int) -> String {
        "\(test) case \(index) (OUTREACH_FUZZ_SEED=\(seed))"
    }
}
