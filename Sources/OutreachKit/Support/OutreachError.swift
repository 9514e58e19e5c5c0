import Foundation

/// An error that `outreach` reports to a person: one line saying what went wrong and where,
/// a hint saying how to fix it, and the process exit code it maps to.
///
/// Every error area (`InputError`, `MergeError`, `MessageError`, `QueueError`, `DeliveryError`)
/// conforms, as do `ProblemList` and `PrintError`, so the command line prints them all the same way.
public protocol OutreachError: LocalizedError, Sendable {
    /// One line: what failed, naming file:line and field, or the key, where there is one.
    var message: String { get }
    /// One line: how to fix it, or `nil` when there is nothing useful to add.
    var hint: String? { get }
    /// The exit status (sysexits.h): 65 bad input data, 66 missing input, 73 cannot create,
    /// 75 temporary failure, 78 configuration.
    var exitCode: Int32 { get }
}

extension OutreachError {
    public var errorDescription: String? { message }
    public var recoverySuggestion: String? { hint }
}
