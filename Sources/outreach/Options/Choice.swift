import ArgumentParser
import OutreachKit

/// A flag value from a closed set the library defines (`--status`, `--to`, an import source).
///
/// argument-parser lists the values in `--help` and in shell completion (`allValueStrings`);
/// `value()` checks the name, so that a wrong one gets outreach's own `error:` and `hint:` lines
/// (exit 64), as every other bad flag value does, rather than argument-parser's usage text.
struct Choice<Value: CommandLineChoice>: ExpressibleByArgument {
    /// The name as given.
    let name: String

    init?(argument: String) {
        name = argument
    }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

    var defaultValueDescription: String { name }

    /// The value named.
    /// - Throws: `Value.refusal(of:)` when the name is none of the values.
    func value() throws -> Value {
        guard let value = Value(rawValue: name) else { throw Value.refusal(of: name) }
        return value
    }
}
