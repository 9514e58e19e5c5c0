import Foundation
import TOMLKit

/// Reads and writes the sender profile, `profile.toml`.
///
/// Layout: the `ProfileField` keys at top level as strings, and settings of later features in
/// tables (`[smtp]`), which `Profile.extra` keeps as dotted keys (`smtp.url`). The file is written
/// 0600 in a 0700 folder.
public struct ProfileStore: Sendable {
    /// The profile file.
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// True when a profile file exists.
    public var exists: Bool { FileManager.default.fileExists(atPath: file.path) }

    /// Loads and checks the profile.
    /// - Returns: the profile, every value validated.
    /// - Throws: `InputError.missingProfile` when there is no file; as `InputFile.text` for a
    ///   file that is not a regular file, larger than `InputLimits.profileBytes`, not UTF-8 or with
    ///   a line too long; `.badProfileFile` for bad TOML or a key of the wrong type (TOMLKit
    ///   reports those as missing, so the check is ours); `.missingProfileKey` when a required
    ///   key is absent; `.badProfileValue` for a bad value.
    public func load() throws -> Profile {
        guard exists else { throw InputError.missingProfile(path: file.path) }
        let text = try InputFile.text(atPath: file.path, what: "the profile", limit: InputLimits.profileBytes)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputError.badProfileFile(
                location: SourceLocation(file: file.path, line: error.source.begin.line), reason: error.description)
        }
        var values: [ProfileField: String] = [:]
        var extra: [String: String] = [:]
        var copyMe = false
        for key in table.keys {
            guard let value = table[key] else { continue }
            if key == Profile.copyMeKey {
                guard let flag = value.bool ?? value.string.flatMap(Profile.flag) else {
                    throw InputError.badProfileFile(
                        location: SourceLocation(file: file.path, line: lineOf(key: key, in: text)),
                        reason: "key '\(key)' must be true or false")
                }
                copyMe = flag
            } else if let field = ProfileField(rawValue: key) {
                guard let string = value.string else {
                    throw InputError.badProfileFile(
                        location: SourceLocation(file: file.path, line: lineOf(key: key, in: text)),
                        reason: "key '\(key)' must be a string in quotes, not \(value.type)")
                }
                values[field] = string
            } else if let section = value.table {
                for subkey in section.keys {
                    guard let subvalue = section[subkey] else { continue }
                    extra["\(key).\(subkey)"] = subvalue.string ?? subvalue.int.map(String.init) ?? "\(subvalue)"
                }
            } else {
                throw InputError.badProfileFile(
                    location: SourceLocation(file: file.path, line: lineOf(key: key, in: text)),
                    reason: "unknown key '\(key)'")
            }
        }
        var profile = Profile(name: "", email: "", street: "", city: "", state: "", zip: "", extra: extra)
        profile.copyMe = copyMe
        // State first: the district is checked against it.
        let order: [ProfileField] = [.state] + ProfileField.allCases.filter { $0 != .state }
        for field in order {
            guard let raw = values[field] else {
                if field.isOptional { continue }
                throw InputError.missingProfileKey(path: file.path, key: field.rawValue)
            }
            profile.set(field, to: try field.validate(raw, state: profile.state))
        }
        return profile
    }

    /// Writes the profile (0600, atomically).
    /// - Throws: `FileError.cannotWrite` when the file cannot be written.
    public func save(_ profile: Profile) throws {
        let table = TOMLTable()
        for field in ProfileField.allCases {
            if let value = profile.value(of: field) { table[field.rawValue] = value }
        }
        if profile.copyMe { table[Profile.copyMeKey] = true }
        var sections: [String: TOMLTable] = [:]
        for (key, value) in profile.extra.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let section = sections[parts[0]] ?? TOMLTable()
            section[parts[1]] = value
            sections[parts[0]] = section
        }
        for (name, section) in sections { table[name] = section }
        let text = "# outreach sender profile: see 'outreach profile --help'\n" + table.convert(to: .toml) + "\n"
        try PrivateFiles.write(Data(text.utf8), to: file)
    }

    private func lineOf(key: String, in text: String) -> Int {
        var line = 1
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if row.trimmingCharacters(in: .whitespaces).hasPrefix(key) { return line }
            line += 1
        }
        return 1
    }
}
