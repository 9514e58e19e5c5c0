/// An error `outreach-print` reported.
public struct PrintError: OutreachError {
    public let message: String
    public let hint: String?
    public let exitCode: Int32

    public init(message: String, hint: String?, exitCode: Int32) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }
}
