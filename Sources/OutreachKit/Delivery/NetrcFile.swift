import Foundation

/// The entries of a `~/.netrc` file (the format of ftp(1) and curl: `machine HOST login USER
/// password SECRET`, `default` for any other host, `macdef` bodies skipped, `#` comment lines,
/// words in double quotes with `\"`, `\\`, `\n`, `\r`, `\t` escapes as curl reads them).
///
/// outreach reads the password itself rather than letting libcurl do it (`CURLOPT_NETRC`):
/// libcurl 7.88 ignores the file's password once a user name is set, and without one it logs in
/// as whatever login the first entry for the host names. Here only an entry whose login is the
/// configured user gives a password (curl's own rule when a user is given), so the login is
/// always the user the profile names.
struct NetrcFile {
    /// One `machine` (or `default`, machine nil) entry.
    struct Entry: Equatable {
        var machine: String?
        var login: String?
        var password: String?
    }

    /// What the file holds for one user at one host.
    enum Lookup: Equatable {
        /// An entry for the host (or `default`) with this login and a password.
        case password(String)
        /// Entries for the host, none with this login: their logins (an entry without one as "").
        case otherLogins([String])
        /// No entry for the host, or no file.
        case none
    }

    var entries: [Entry]

    /// Parses `text`; never fails (a word it does not know is skipped, as curl does).
    init(text: String) {
        entries = []
        let words = Self.words(in: text)
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            switch word {
            case "machine" where index < words.count:
                entries.append(Entry(machine: words[index]))
                index += 1
            case "default":
                entries.append(Entry(machine: nil))
            case "login" where index < words.count && !entries.isEmpty:
                entries[entries.count - 1].login = words[index]
                index += 1
            case "password" where index < words.count && !entries.isEmpty:
                entries[entries.count - 1].password = words[index]
                index += 1
            case "account" where index < words.count:
                index += 1
            default:
                break
            }
        }
    }

    /// The password for `user` at `host`: the first entry for the host (the name compared
    /// without regard to case) whose login is `user`, else a `default` entry whose login is `user`.
    func lookup(host: String, user: String) -> Lookup {
        let forHost = entries.filter { $0.machine?.caseInsensitiveCompare(host) == .orderedSame }
        let candidates = forHost + entries.filter { $0.machine == nil }
        if let entry = candidates.first(where: { $0.login == user }), let password = entry.password, !password.isEmpty {
            return .password(password)
        }
        let others = forHost.map { $0.login ?? "" }.filter { $0 != user }
        return others.isEmpty ? .none : .otherLogins(others)
    }

    /// The file's path: `$NETRC`, else `~/.netrc` in `$HOME`.
    static func path(environment: [String: String]) -> String {
        environment["NETRC"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.netrc")
    }

    /// The file as errors name it: `~/.netrc`, or the `$NETRC` path.
    static func shownPath(environment: [String: String]) -> String {
        environment["NETRC"] ?? "~/.netrc"
    }

    /// Reads the file at `path`; nil when there is none or it cannot be read (no password from it).
    static func read(environment: [String: String]) -> NetrcFile? {
        guard
            let text = try? InputFile.text(
                atPath: path(environment: environment), what: "~/.netrc", limit: InputLimits.tableBytes)
        else { return nil }
        return NetrcFile(text: text)
    }

    /// The file's words: split at blanks and line ends, a `"…"` word unescaped, a line whose
    /// first word starts with `#` skipped, and the body of a `macdef` (to the next empty line) skipped.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var inMacro = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if inMacro {
                if trimmed.isEmpty { inMacro = false }
                continue
            }
            if trimmed.hasPrefix("#") { continue }
            let lineWords = Self.lineWords(trimmed)
            words += lineWords
            if lineWords.contains("macdef") { inMacro = true }
        }
        return words
    }

    private static func lineWords(_ line: String) -> [String] {
        var words: [String] = []
        var characters = line[...]
        while let first = characters.first {
            if first == " " || first == "\t" {
                characters = characters.dropFirst()
                continue
            }
            var word = ""
            if first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let character = characters.popFirst() {
                    if escaped {
                        switch character {
                        case "n": word.append("\n")
                        case "r": word.append("\r")
                        case "t": word.append("\t")
                        default: word.append(character)
                        }
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        word.append(character)
                    }
                }
            } else {
                while let character = characters.first, character != " " && character != "\t" {
                    word.append(character)
                    characters = characters.dropFirst()
                }
            }
            words.append(word)
        }
        return words
    }
}
