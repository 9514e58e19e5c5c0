import Foundation

/// Opens a file in the person's editor: `$VISUAL`, else `$EDITOR`, else `vi`, as git and mutt do.
enum Editor {
    /// The editor setting in use.
    static var command: String {
        let environment = ProcessInfo.processInfo.environment
        return [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
    }

    /// Runs the editor on `file` and waits for it to close.
    /// - Returns: the editor's exit status (0 when it saved and closed normally).
    /// - Throws: the error `Process.run` throws when the shell cannot be started.
    static func edit(_ file: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor setting may hold arguments ("code --wait"), so the shell splits it.
        process.arguments = ["-c", "\(command) \"$1\"", "sh", file.path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
