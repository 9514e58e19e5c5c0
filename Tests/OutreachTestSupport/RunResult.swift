import Foundation

/// What a run of the `outreach` binary did.
public struct RunResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Standard output as bytes (for `show --raw`).
    public var stdoutData: Data
}
