import ArgumentParser
import OutreachKit

/// A library enum the command line takes by its raw values.
protocol CommandLineChoice: CaseIterable, RawRepresentable where RawValue == String {
    /// The error for a name that is none of the values.
    static func refusal(of name: String) -> any OutreachError
}

extension LetterStatus: CommandLineChoice {
    static func refusal(of name: String) -> any OutreachError {
        InputError.badOption(
            option: "--status", reason: "'\(name)' is not a status",
            hint: "use one of \(allCases.map(\.rawValue).joined(separator: ", "))")
    }
}

extension DataSource: CommandLineChoice {
    static func refusal(of name: String) -> any OutreachError {
        UpdateError.unknownSource(name: name)
    }
}

extension HandDelivery: ExpressibleByArgument {}
