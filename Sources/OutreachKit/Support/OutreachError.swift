import Foundation

/// An error that `outreach` reports to a person: one line saying what went wrong and where,
/// a hint saying how to fix it, and the process exit code it maps to.
///
/// Every error area (`InputError`, `MergeError`, `MessageError`, `QueueError`, `ImportError`)
/// conforms, so the command line prints them all the same way.
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

/// Exit statuses from sysexits.h that `outreach` uses; the README lists them.
public enum ExitStatus {
    /// Command line usage error (EX_USAGE).
    public static let usage: Int32 = 64
    /// Input data was incorrect: CSV, template, message text (EX_DATAERR).
    public static let dataError: Int32 = 65
    /// An input file or folder does not exist (EX_NOINPUT).
    public static let noInput: Int32 = 66
    /// An output file could not be created (EX_CANTCREAT).
    public static let cannotCreate: Int32 = 73
    /// The mail server could not be reached, or TLS failed (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    /// The mail server refused the login (EX_NOPERM).
    public static let noPermission: Int32 = 77
    /// A temporary failure; trying again later may work (EX_TEMPFAIL).
    public static let temporaryFailure: Int32 = 75
    /// Configuration is missing or wrong: profile, settings (EX_CONFIG).
    public static let configuration: Int32 = 78
}

/// Where a value came from: a file and a 1-based line, optionally a field (column or key).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the person named it (relative paths stay relative).
    public var file: String
    /// The 1-based line number.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and compilers use.
    public var description: String { "\(file):\(line)" }
}
