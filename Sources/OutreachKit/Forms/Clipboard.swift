/// Puts text on the desktop's clipboard with the first clipboard tool that exists: `wl-copy`
/// (Wayland), `xclip`, `xsel` (X11), `pbcopy` (macOS).
///
/// A tool that fails (exits non-zero) or hangs (still running after `timeout` seconds, then
/// stopped) is not used again by this clipboard, and the caller prints the text instead.
public final class Clipboard {
    /// A clipboard tool and the arguments that make it read the clipboard's text from standard input.
    public struct Tool: Sendable {
        public let name: String
        public let arguments: [String]
    }

    /// What became of the text.
    public enum Outcome: Sendable, Equatable {
        /// On the clipboard, by this tool.
        case copied(tool: String)
        /// The tool failed or hung, and why (`xclip exited with status 1`).
        case failed(tool: String, reason: String)
        /// No clipboard tool exists here.
        case noTool
    }

    /// The tools looked for, in order.
    public static let tools = [
        Tool(name: "wl-copy", arguments: []), Tool(name: "xclip", arguments: ["-selection", "clipboard"]),
        Tool(name: "xsel", arguments: ["--clipboard", "--input"]), Tool(name: "pbcopy", arguments: []),
    ]

    /// Seconds a tool may take.
    public let timeout: Double
    private let found: (tool: Tool, path: String)?
    private var broken = false

    /// - Parameters:
    ///   - path: the search path (`PATH`'s form); nil for this process's `PATH`.
    ///   - timeout: seconds a tool may take before it is stopped; 5 by default.
    public init(path: String? = nil, timeout: Double = 5) {
        self.timeout = timeout
        found = Self.tools.lazy.compactMap { tool in ExternalTool.find(tool.name, path: path).map { (tool, $0) } }.first
    }

    /// The tool that will be used, or nil when there is none.
    public var toolName: String? { found?.tool.name }

    /// Copies `text` (as UTF-8).
    /// - Parameter text: the text.
    /// - Returns: what became of it.
    public func copy(_ text: String) -> Outcome {
        guard let found else { return .noTool }
        guard !broken else {
            return .failed(tool: found.tool.name, reason: "it failed before, so it was not tried again")
        }
        let outcome = ExternalTool.run(
            found.path, found.tool.arguments, input: Array(text.utf8), timeout: timeout, stopIfLate: true)
        switch outcome {
        case .exited(0):
            return .copied(tool: found.tool.name)
        case .exited(let status):
            broken = true
            return .failed(tool: found.tool.name, reason: "it exited with status \(status)")
        case .timedOut:
            broken = true
            return .failed(
                tool: found.tool.name, reason: "it did not finish within \(Int(timeout)) seconds and was stopped")
        case .notStarted(let why):
            broken = true
            return .failed(tool: found.tool.name, reason: "it could not be started: \(why)")
        }
    }
}
