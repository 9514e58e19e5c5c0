import Foundation

/// Opens a web address in the browser with the first opener that exists: `xdg-open`, `open`
/// (macOS only: on Linux `open` is often `openvt`), then the `BROWSER` variable (its first
/// entry, split into words, with `%s` replaced by the address or the address added).
public struct URLOpener: Sendable {
    /// What became of the address.
    public enum Outcome: Sendable, Equatable {
        /// Handed to the opener, which exited with status 0 or is still running (a browser).
        case opened(with: String)
        /// The opener exited non-zero or could not start, and why.
        case failed(with: String, reason: String)
        /// There is no opener here.
        case noOpener
    }

    /// Seconds to wait for the opener to say whether it worked.
    public let timeout: Double
    /// The command: its path and its arguments before the address (or with `%s`).
    private let command: (name: String, path: String, arguments: [String])?

    /// - Parameters:
    ///   - path: the search path (`PATH`'s form); nil for this process's `PATH`.
    ///   - browser: the `BROWSER` variable's value; nil or empty for none.
    ///   - timeout: seconds to wait for the opener; 5 by default. An opener still running then
    ///     is left running: it may be the browser itself.
    public init(path: String? = nil, browser: String?, timeout: Double = 5) {
        self.timeout = timeout
        var names = ["xdg-open"]
        #if os(macOS)
        names.append("open")
        #endif
        for name in names {
            if let found = ExternalTool.find(name, path: path) {
                command = (name, found, [])
                return
            }
        }
        let first = (browser ?? "").split(separator: ":").first.map(String.init) ?? ""
        let words = first.split(whereSeparator: \.isWhitespace).map(String.init)
        if let name = words.first, let found = ExternalTool.find(name, path: path) {
            command = (name, found, Array(words.dropFirst()))
        } else {
            command = nil
        }
    }

    /// The opener that will be used, or nil when there is none.
    public var openerName: String? { command?.name }

    /// Opens `url`.
    /// - Parameter url: an `http(s)` address (passed as one argument, never through a shell).
    /// - Returns: what became of it.
    public func open(_ url: String) -> Outcome {
        guard let command else { return .noOpener }
        var arguments = command.arguments.map { $0.replacingOccurrences(of: "%s", with: url) }
        if !command.arguments.contains(where: { $0.contains("%s") }) { arguments.append(url) }
        switch ExternalTool.run(command.path, arguments, input: nil, timeout: timeout, stopIfLate: false) {
        case .exited(0), .timedOut: return .opened(with: command.name)
        case .exited(let status): return .failed(with: command.name, reason: "it exited with status \(status)")
        case .notStarted(let why): return .failed(with: command.name, reason: "it could not be started: \(why)")
        }
    }
}
