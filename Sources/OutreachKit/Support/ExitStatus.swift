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
