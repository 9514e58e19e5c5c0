import Foundation

/// Where `outreach` keeps what it writes: the profile and the queue database.
///
/// With a home folder (`--home DIR` or `OUTREACH_HOME`) both live in it. Without one the
/// XDG Base Directory rules apply: the profile in `$XDG_CONFIG_HOME/outreach/` (default
/// `~/.config/outreach/`) and the database in `$XDG_DATA_HOME/outreach/` (default
/// `~/.local/share/outreach/`).
public struct Paths: Sendable {
    /// The profile file, `profile.toml`.
    public let profileFile: URL
    /// The queue database, `outreach.sqlite`.
    public let databaseFile: URL

    /// Resolves the locations.
    /// - Parameters:
    ///   - home: the `--home` folder, if given; it wins over the environment.
    ///   - environment: the process environment (`OUTREACH_HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `HOME`).
    public init(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = home ?? environment["OUTREACH_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let folder = URL(fileURLWithPath: home, isDirectory: true)
            profileFile = folder.appendingPathComponent("profile.toml")
            databaseFile = folder.appendingPathComponent("outreach.sqlite")
            return
        }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        func xdg(_ key: String, _ fallback: String) -> URL {
            // XDG: a relative path in these variables is invalid and must be ignored.
            if let value = environment[key], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true)
            }
            return URL(fileURLWithPath: userHome, isDirectory: true).appendingPathComponent(fallback)
        }
        profileFile = xdg("XDG_CONFIG_HOME", ".config").appendingPathComponent("outreach/profile.toml")
        databaseFile = xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("outreach/outreach.sqlite")
    }
}
