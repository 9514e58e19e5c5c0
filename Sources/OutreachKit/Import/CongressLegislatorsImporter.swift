import Foundation
import Yams

/// Imports members of Congress from `unitedstates/congress-legislators`'
/// `legislators-current.yaml` into `congress.csv`.
///
/// Members publish web contact forms, not email addresses: `email` stays empty and
/// `contact_form` holds the form where the data has one. Only 2 House members have one in that
/// file, so `contactForms` may name Open States' `data/us/legislature` folder, whose `email`
/// field holds form URLs, joined on the bioguide id.
public struct CongressLegislatorsImporter: Sendable {
    /// `legislators-current.yaml`.
    public let file: URL
    /// Optional Open States `data/us/legislature` folder for missing contact forms.
    public let contactForms: URL?
    /// Members whose last term ended before this day (YYYY-MM-DD) are left out.
    public let asOf: String
    /// Contact forms known before (bioguide id → URL, from the `congress.csv` in use), kept for
    /// members that neither the file nor `contactForms` gives one.
    public let knownForms: [String: String]

    public init(file: URL, contactForms: URL?, asOf: String, knownForms: [String: String] = [:]) {
        self.file = file
        self.contactForms = contactForms
        self.asOf = asOf
        self.knownForms = knownForms
    }

    // Territories elect a delegate (Puerto Rico a resident commissioner) rather than a representative.
    private static let delegates: Set<String> = ["DC", "AS", "GU", "MP", "VI"]

    /// Reads the file and writes `congress.csv` into `output`.
    /// - Throws: `InputError.cannotRead` when the file is missing, not YAML, or not a list of
    ///   members; as `InputFile.data` for a device or a file past `InputLimits.sourceFileBytes`;
    ///   `FileError.cannotWrite`.
    public func run(output: URL) throws -> ImportSummary {
        let data = try InputFile.data(atPath: file.path, what: "the source file", limit: InputLimits.sourceFileBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError.cannotRead(path: file.path, reason: "no such file, or not UTF-8 text")
        }
        let parsed: Any?
        do { parsed = try Yams.load(yaml: text) } catch {
            throw InputError.cannotRead(path: file.path, reason: "not valid YAML: \(error)")
        }
        guard let members = parsed as? [[String: Any]] else {
            throw InputError.badRecipientValue(
                location: SourceLocation(file: file.path, line: 1), field: "FILE",
                reason: "is not a YAML list of members",
                hint: "give legislators-current.yaml (the CSV version has no term end dates)")
        }
        let forms = try loadContactForms()
        var summary = ImportSummary()
        var rows: [ImportedRecipient] = []
        var formsAdded = 0
        for member in members {
            guard let term = (member["terms"] as? [[String: Any]])?.last else { continue }
            let end = OpenStatesImporter.text(term["end"])
            if !end.isEmpty && end < asOf {
                summary.endedTerms["congress", default: 0] += 1
                continue
            }
            let ids = member["id"] as? [String: Any] ?? [:]
            let name = member["name"] as? [String: Any] ?? [:]
            let bioguide = OpenStatesImporter.text(ids["bioguide"])
            let state = OpenStatesImporter.text(term["state"])
            let senator = OpenStatesImporter.text(term["type"]) == "sen"
            let first =
                OpenStatesImporter.text(name["nickname"]).isEmpty
                ? OpenStatesImporter.text(name["first"]) : OpenStatesImporter.text(name["nickname"])
            let last = OpenStatesImporter.text(name["last"])
            var form = OpenStatesImporter.text(term["contact_form"])
            if !form.isEmpty, ContactForm.url(form) == nil {
                // A typo in the data ("hhttps://…" for one member in 2026) would stop every draft
                // to that member: the form is left out, and Open States' one is used if it has one.
                summary.notes.append(
                    "\(bioguide): contact_form \(form.debugDescription) is not an http(s) URL; left out")
                form = ""
            }
            if form.isEmpty, let fallback = forms[bioguide] ?? knownForms[bioguide] {
                form = fallback
                formsAdded += 1
            }
            var fields: [String: String] = [:]
            fields["id"] = bioguide
            fields["role"] = senator ? Role.senator.rawValue : Role.representative.rawValue
            fields["name"] =
                OpenStatesImporter.text(name["official_full"]).isEmpty
                ? "\(first) \(last)" : OpenStatesImporter.text(name["official_full"])
            fields["given_name"] = first
            fields["family_name"] = last
            fields["title"] =
                senator
                ? "Senator"
                : state == "PR"
                    ? "Resident Commissioner" : Self.delegates.contains(state) ? "Delegate" : "Representative"
            fields["jurisdiction"] = senator ? "U.S. Senate" : "U.S. House of Representatives"
            fields["chamber"] = senator ? "upper" : "lower"
            fields["state"] = state
            fields["district"] = senator ? "" : OpenStatesImporter.text(term["district"])
            fields["party"] = OpenStatesImporter.text(term["party"])
            fields["email"] = ""
            fields["contact_form"] = form
            fields["phone"] = OpenStatesImporter.text(term["phone"])
            // "... Building Washington DC 20515-0506": the city line on a line of its own, for the post.
            fields["address"] = OpenStatesImporter.text(term["address"]).replacingOccurrences(
                of: " Washington DC ", with: "\nWashington, DC ")
            if fields["address"]?.isEmpty ?? true {
                // Every member can be written to at the chamber's own address.
                fields["address"] =
                    senator
                    ? "U.S. Senate\nWashington, DC 20510" : "U.S. House of Representatives\nWashington, DC 20515"
            }
            fields["term_end"] = end
            fields["source"] = OpenStatesImporter.text(term["url"])
            rows.append(ImportedRecipient(fields))
        }
        let target = output.appendingPathComponent("congress.csv")
        try RecipientCSVWriter.write(rows, to: target)
        summary.files.append(.init(path: target.path, rows: rows.count))
        if contactForms != nil {
            summary.notes.append("\(formsAdded) contact forms taken from \(contactForms?.path ?? "")")
        }
        return summary
    }

    /// bioguide id → contact-form URL, from Open States' `email` field (which holds form URLs).
    private func loadContactForms() throws -> [String: String] {
        guard let folder = contactForms else { return [:] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !names.isEmpty else {
            throw InputError.missingFolder(
                what: "Open States us/legislature", path: folder.path, flag: "--contact-forms")
        }
        var forms: [String: String] = [:]
        for name in names where name.hasSuffix(".yml") {
            let path = folder.appendingPathComponent(name).path
            guard
                let text =
                    (try? InputFile.data(atPath: path, what: "the source file", limit: InputLimits.sourceFileBytes))
                    .flatMap({ String(data: $0, encoding: .utf8) }),
                let person = (try? Yams.load(yaml: text)) as? [String: Any]
            else { continue }
            let url = OpenStatesImporter.text(person["email"])
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else { continue }
            let identifiers = person["other_identifiers"] as? [[String: Any]] ?? []
            if let bioguide = identifiers.first(where: { OpenStatesImporter.text($0["scheme"]) == "bioguide" }) {
                forms[OpenStatesImporter.text(bioguide["identifier"])] = url
            }
        }
        return forms
    }
}
