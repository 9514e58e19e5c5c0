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
    ///
    /// A home folder that is given must be a folder: an empty `--home` or `OUTREACH_HOME` is an
    /// error (never a silent fall back to the XDG folders), and a relative one is taken from the
    /// current folder. A home folder that exists must be the person's own alone (no access for
    /// group or others): it is refused otherwise, with the `chmod` that fixes it; `outreach`
    /// makes its folders 0700. The XDG data folder may be shared with an installation
    /// (`~/.local/share/outreach` holds the shipped lists too), so there the files `outreach`
    /// writes are 0600 and the folders it makes 0700, and the folder itself is not checked.
    /// - Parameters:
    ///   - home: the `--home` folder, if given; it wins over the environment.
    ///   - environment: the process environment (`OUTREACH_HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `HOME`).
    /// - Throws: `InputError.badOption` for an empty home or one that cannot be made absolute (the
    ///   current folder is gone, `HOME` is not set); `FileError.notPrivate` for a home folder
    ///   that others can read or enter.
    public init(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let (given, option) = home.map({ ($0, "--home") })
            ?? environment["OUTREACH_HOME"].map({ ($0, "OUTREACH_HOME") })
        {
            let folder = try Self.absolute(given, option: option)
            try Self.checkPrivate(folder)
            profileFile = folder.appendingPathComponent("profile.toml")
            databaseFile = folder.appendingPathComponent("outreach.sqlite")
            userTemplatesFolder = folder.appendingPathComponent("templates", isDirectory: true)
            userRecipientsFolder = folder.appendingPathComponent("recipients", isDirectory: true)
            downloadedFolder = folder.appendingPathComponent("downloaded", isDirectory: true)
            return
        }
        let userHome = try Self.userHome(environment)
        func xdg(_ key: String, _ fallback: String) -> URL {
            // XDG: a relative path in these variables is invalid and must be ignored.
            if let value = environment[key], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true)
            }
            return URL(fileURLWithPath: userHome, isDirectory: true).appendingPathComponent(fallback)
        }
        let config = xdg("XDG_CONFIG_HOME", ".config").appendingPathComponent("outreach", isDirectory: true)
        let data = xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("outreach", isDirectory: true)
        profileFile = config.appendingPathComponent("profile.toml")
        databaseFile = data.appendingPathComponent("outreach.sqlite")
        userTemplatesFolder = data.appendingPathComponent("templates", isDirectory: true)
        userRecipientsFolder = data.appendingPathComponent("recipients", isDirectory: true)
        downloadedFolder = data.appendingPathComponent("downloaded", isDirectory: true)
    }

    /// `path` made absolute from the current folder.
    private static func absolute(_ path: String, option: String) throws -> URL {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError.badOption(
                option: option, reason: "is empty",
                hint:
                    "name the folder for your profile and queue (for example --home ~/outreach), or leave it out to use the XDG folders"
            )
        }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL }
        guard let current = currentFolder() else {
            throw InputError.badOption(
                option: option, reason: "'\(path)' is relative, and the current folder no longer exists",
                hint: "give an absolute path, or run from an existing folder")
        }
        return URL(fileURLWithPath: current, isDirectory: true).appendingPathComponent(path, isDirectory: true)
            .standardizedFileURL
    }

    /// The person's home folder: `HOME` when it is absolute, else the password database's.
    private static func userHome(_ environment: [String: String]) throws -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            let home = String(cString: directory)
            if home.hasPrefix("/") { return home }
        }
        throw InputError.badOption(
            option: "HOME", reason: "is not set to an absolute folder, so the XDG folders cannot be found",
            hint: "set HOME, or give --home DIR")
    }

    private static func currentFolder() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }

    /// Refuses an existing folder that group or others can read or enter.
    private static func checkPrivate(_ folder: URL) throws {
        var info = stat()
        guard stat(folder.path, &info) == 0 else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        throw FileError.notPrivate(path: folder.path, mode: String(mode, radix: 8))
    }
}
