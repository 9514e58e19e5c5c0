import Foundation
import Yams

/// Imports Open States people data (`openstates/people`, `data/<state>/...`): mayors from
/// `municipalities/*.yml` and state legislators from `legislature/*.yml`, every state's with its
/// own chambers, titles and districts (`StateLegislature`).
///
/// Traps handled (see `../shared/data/README.md`): the last role is the current one; about half
/// the mayor records have a term that ended, and are left out; `data/us` holds members of
/// Congress whose `email` is a web-form URL, so it is not imported here (use the
/// congress-legislators importer); an `email` that is not an addr-spec is dropped, not mailed.
public struct OpenStatesImporter: Sendable {
    /// The `data` folder, or one state's folder inside it.
    public let folder: URL
    /// Records whose role ended before this day (YYYY-MM-DD) are left out.
    public let asOf: String

    public init(folder: URL, asOf: String) {
        self.folder = folder
        self.asOf = asOf
    }

    /// Reads the data and writes `mayors.csv` and `state-legislators-<st>.csv` into `output`.
    /// - Throws: `InputError.missingFolder` when the folder has no state folders;
    ///   `.cannotRead` for a YAML file that is not UTF-8 or does not parse;
    ///   `FileError.cannotWrite`.
    public func run(output: URL) throws -> ImportSummary {
        let manager = FileManager.default
        let states: [URL]
        if manager.fileExists(atPath: folder.appendingPathComponent("municipalities").path)
            || manager.fileExists(atPath: folder.appendingPathComponent("legislature").path)
        {
            states = [folder]
        } else {
            let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            states = names.filter { $0.count == 2 && $0 != "us" }.sorted().map { folder.appendingPathComponent($0) }
        }
        guard !states.isEmpty else {
            throw InputError.missingFolder(what: "Open States data", path: folder.path, flag: "the DIR argument")
        }
        var summary = ImportSummary()
        var mayors: [ImportedRecipient] = []
        for stateFolder in states {
            let state = stateFolder.lastPathComponent.uppercased()
            let cities = try cityNames(stateFolder.appendingPathComponent("municipalities.yml"))
            for file in try yamlFiles(in: stateFolder.appendingPathComponent("municipalities")) {
                if let row = try mayor(from: file, state: state, cities: cities, summary: &summary) {
                    mayors.append(row)
                }
            }
            var legislators = try yamlFiles(in: stateFolder.appendingPathComponent("legislature")).compactMap {
                try legislator(from: $0, state: state, summary: &summary)
            }
            ImportedRecipient.dropSharedAddresses(&legislators, summary: &summary)
            if !legislators.isEmpty {
                let file = output.appendingPathComponent("state-legislators-\(state.lowercased()).csv")
                try RecipientCSVWriter.write(legislators, to: file)
                summary.files.append(.init(path: file.path, rows: legislators.count))
            }
        }
        ImportedRecipient.dropSharedAddresses(&mayors, summary: &summary)
        if !mayors.isEmpty {
            let file = output.appendingPathComponent("mayors.csv")
            try RecipientCSVWriter.write(mayors, to: file)
            summary.files.append(.init(path: file.path, rows: mayors.count))
        }
        return summary
    }

    private func yamlFiles(in folder: URL) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map {
            folder.appendingPathComponent($0)
        }
    }

    private func load(_ file: URL) throws -> Any? {
        let data = try InputFile.data(atPath: file.path, what: "the source file", limit: InputLimits.sourceFileBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError.cannotRead(path: file.path, reason: "not readable as UTF-8")
        }
        do { return try Yams.load(yaml: text) } catch {
            // Yams' message quotes the line over several lines: kept to one.
            let oneLine = "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            throw InputError.cannotRead(path: file.path, reason: "not valid YAML: \(oneLine)")
        }
    }

    /// `ocd-jurisdiction/...` id → city name, from `municipalities.yml`.
    private func cityNames(_ file: URL) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: file.path), let list = try load(file) as? [[String: Any]] else {
            return [:]
        }
        var names: [String: String] = [:]
        for entry in list {
            if let id = entry["id"] as? String, let name = entry["name"] as? String { names[id] = name }
        }
        return names
    }

    private func mayor(from file: URL, state: String, cities: [String: String], summary: inout ImportSummary) throws
        -> ImportedRecipient?
    {
        guard let person = try load(file) as? [String: Any] else { return nil }
        guard let role = try currentRole(person, types: ["mayor"], kind: "mayor", summary: &summary) else { return nil }
        let end = Self.text(role["end_date"])
        let jurisdictionID = Self.text(role["jurisdiction"])
        let city = cities[jurisdictionID] ?? Self.cityFromJurisdiction(jurisdictionID)
        var fields = common(person, file: file, summary: &summary)
        fields["role"] = Role.mayor.rawValue
        fields["title"] = "Mayor"
        fields["jurisdiction"] = city
        fields["state"] = state
        fields["district"] = ""
        fields["term_end"] = end
        fields["chamber"] = ""
        let office = Self.office(person, preferring: ["primary", "capitol"])
        fields["address"] = office.address
        fields["phone"] = office.phone
        return ImportedRecipient(fields)
    }

    private func legislator(from file: URL, state: String, summary: inout ImportSummary) throws -> ImportedRecipient? {
        guard let person = try load(file) as? [String: Any] else { return nil }
        let legislature = StateLegislature(state: state)
        guard
            let role = try currentRole(
                person, types: Set(legislature.chambers.map(\.type)), kind: "state-legislator", summary: &summary),
            let chamber = legislature.chamber(type: Self.text(role["type"]))
        else { return nil }
        let end = Self.text(role["end_date"])
        var fields = common(person, file: file, summary: &summary)
        fields["role"] = Role.stateLegislator.rawValue
        fields["chamber"] = chamber.type
        fields["title"] = chamber.title
        fields["jurisdiction"] = chamber.name
        fields["state"] = state
        fields["district"] = Self.text(role["district"])
        fields["term_end"] = end
        let office = Self.office(person, preferring: ["capitol", "primary", "district"])
        fields["address"] = office.address
        fields["phone"] = office.phone
        return ImportedRecipient(fields)
    }

    /// The role in force on `asOf`: roles are not always listed in order, so the one with no end
    /// (or an end not yet passed) and the latest start wins. Nil, counted as ended, when none is.
    private func currentRole(_ person: [String: Any], types: Set<String>, kind: String, summary: inout ImportSummary)
        throws -> [String: Any]?
    {
        let roles = (person["roles"] as? [[String: Any]] ?? []).filter { types.contains(Self.text($0["type"])) }
        if roles.isEmpty { return nil }
        let current = roles.filter { role in
            let end = Self.text(role["end_date"])
            return end.isEmpty || end >= asOf
        }
        guard let role = current.max(by: { Self.text($0["start_date"]) < Self.text($1["start_date"]) }) else {
            summary.endedTerms[kind, default: 0] += 1
            return nil
        }
        return role
    }

    /// Fields every person has: id, names, party, email (only a valid addr-spec), source.
    private func common(_ person: [String: Any], file: URL, summary: inout ImportSummary) -> [String: String] {
        var fields: [String: String] = [:]
        fields["id"] = Self.text(person["id"])
        fields["name"] = Self.text(person["name"])
        fields["given_name"] = Self.text(person["given_name"])
        fields["family_name"] = Self.text(person["family_name"])
        if fields["family_name"]?.isEmpty ?? true {
            fields["family_name"] = fields["name"]?.split(separator: " ").last.map(String.init) ?? ""
        }
        fields["party"] = ((person["party"] as? [[String: Any]])?.last).map { Self.text($0["name"]) } ?? ""
        let email = Self.text(person["email"]).trimmingCharacters(in: .whitespaces)
        if AddrSpec.isValid(email) {
            fields["email"] = email
        } else if email.hasPrefix("http") {
            fields["contact_form"] = email
        } else if !email.isEmpty {
            summary.notes.append("\(file.lastPathComponent): email \"\(email)\" is not an address and was left out")
        }
        fields["contact_form"] = fields["contact_form"] ?? ""
        fields["email"] = fields["email"] ?? ""
        let sources = person["sources"] as? [[String: Any]] ?? []
        fields["source"] = sources.first.map { Self.text($0["url"]) } ?? ""
        return fields
    }

    private static func office(_ person: [String: Any], preferring order: [String]) -> (address: String, phone: String)
    {
        let offices = person["offices"] as? [[String: Any]] ?? []
        for kind in order {
            if let office = offices.first(where: { text($0["classification"]) == kind && !text($0["address"]).isEmpty })
            {
                // Open States separates address lines with ';'.
                let address = text(office["address"]).split(separator: ";").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.joined(separator: "\n")
                return (address, text(office["voice"]))
            }
        }
        return ("", offices.first.map { text($0["voice"]) } ?? "")
    }

    /// `.../place:san_mateo/government` → `San Mateo`, when municipalities.yml does not name it.
    private static func cityFromJurisdiction(_ id: String) -> String {
        guard let place = id.split(separator: "/").first(where: { $0.hasPrefix("place:") }) else { return "" }
        return place.dropFirst("place:".count).split(separator: "_").map { $0.capitalized }.joined(separator: " ")
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let string as String: return string
        case let number as Int: return String(number)
        case let date as Date: return String(Timestamp.string(date).prefix(10))  // YAML dates are UTC midnight
        case nil: return ""
        default: return "\(value ?? "")"
        }
    }
}
