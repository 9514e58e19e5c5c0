import Foundation

/// Whether the `outreach-print` beside the tested binary was built with Pango and Cairo (see
/// `printing` in Package.swift); the printing tests are skipped where it was not.
public enum Printing {
    /// True unless the helper answers that printing is not built in.
    public static let isBuilt: Bool = {
        let helper = RunOutreach.binary.deletingLastPathComponent().appendingPathComponent("outreach-print")
        guard
            let result = try? RunOutreach.runProgram(
                helper, [NSTemporaryDirectory() + "outreach-probe.pdf"], in: NSTemporaryDirectory(),
                input: Data("[]".utf8))
        else { return false }
        return !result.stdout.contains("printing is not built in")
    }()
}
