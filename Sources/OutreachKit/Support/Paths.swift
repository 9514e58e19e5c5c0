import Foundation

/// Where `outreach` keeps what it writes: the profile, the queue database, and the person's own
/// templates and recipient lists.
///
/// With a home folder (`--home DIR` or `OUTREACH_HOME`) all of them live in it. Without one the
/// XDG Base Directory rules apply: the profile in `$XDG_CONFIG_HOME/outreach/` (default
/// `~/.config/outreach/`), everything else in `$XDG_DATA_HOME/outreach/` (default
/// `~/.local/share/outreach/`). Installing, reinstalling or updating `outreach` never writes in
/// `userTemplatesFolder` or `userRecipientsFolder`.
public struct Paths: Sendable {
    /// The profile file, `profile.toml`.
    public let profileFile: URL
    /// The queue database, `outreach.sqlite`.
    public let databaseFile: URL
    /// The person's own letter templates (`templates/`): a template here with the name of a
    /// shipped one takes its place.
    public let userTemplatesFolder: URL
    /// The person's own recipient lists (`recipients/`): every `*.csv` here is read beside the
    /// shipped lists. Importers of the person's own data write here.
    public let userRecipientsFolder: URL
    /// The lists `outreach recipients update` downloads (`downloaded/`); see `DownloadedLists`.
    public let downloadedFolder: URL

    /// Resolves the locations.
    /// - Parameters:
    ///   - home: the `--home` folder, if given; it wins over the environment.
    ///   - environment: the process environment (`OUTREACH_HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `HOME`).
    public init(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = home ?? environment["OUTREACH_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let folder = URL(fileURLWithPath: home, isDirectory: true)
            profileFile = folder.appendingPathComponent("profile.toml")
            databaseFile = folder.appendingPathComponent("outreach.sqlite")
            userTemplatesFolder = folder.appendingPathComponent("templates", isDirectory: true)
            userRecipientsFolder = folder.appendingPathComponent("recipients", isDirectory: true)
            downloadedFolder = folder.appendingPathComponent("downloaded", isDirectory: true)
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
        let data = xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("outreach", isDirectory: true)
        databaseFile = data.appendingPathComponent("outreach.sqlite")
        userTemplatesFolder = data.appendingPathComponent("templates", isDirectory: true)
        userRecipientsFolder = data.appendingPathComponent("recipients", isDirectory: true)
        downloadedFolder = data.appendingPathComponent("downloaded", isDirectory: true)
    }
}
