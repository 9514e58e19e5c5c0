import Foundation

/// Turns each spreadsheet row into a row of the recipient list, checking its values and
/// gathering every problem (file, line and the column as the sheet spells it).
struct RowConverter {
    let mapping: ColumnMapping
    let file: String
    let listName: String
    let defaultRole: String?
    let source: String
    private(set) var problems = ProblemCollector()
    /// Where each id, and each mailbox (`MailboxIdentity`), was first seen: two rows naming one
    /// office are refused, naming both lines.
    private var ids: [String: Int] = [:]
    private var mailboxes: [String: Int] = [:]
    private let outputColumns: [String]

    init(mapping: ColumnMapping, file: String, listName: String, defaultRole: String?, source: String) {
        self.mapping = mapping
        self.file = file
        self.listName = listName
        self.defaultRole = defaultRole
        self.source = source
        outputColumns = mapping.outputColumns
    }

    /// Converts one sheet row, recording its problems.
    /// - Parameters:
    ///   - values: the row's fields.
    ///   - line: the 1-based line it starts on.
    ///   - width: the header's field count.
    /// - Returns: the list row, in `ColumnMapping.outputColumns` order; nil when a value is wrong.
    mutating func convert(_ values: [String], line: Int, width: Int) -> [String]? {
        let location = SourceLocation(file: file, line: line)
        // Trailing empty columns (Google Sheets, hand edits) are fine; a value past the header is not.
        let extra = values.dropFirst(width)
        if values.count < width || extra.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            problems.record(SpreadsheetError.raggedRow(location: location, expected: width, found: values.count))
            return nil
        }
        let before = problems.total
        func problem(_ field: String, _ reason: String, _ hint: String) {
            problems.record(
                SpreadsheetError.badValue(
                    location: location, column: mapping.header(of: field), field: field, reason: reason, hint: hint))
        }
        var fields: [String: String] = [:]
        for (position, target) in mapping.targets.enumerated() {
            guard let target else { continue }
            let raw = values[position]
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            fields[target] = value
            if let reason = Self.controlProblem(raw: raw, value: value, oneLine: Self.isOneLine(target)) {
                problem(
                    target, "\(reason): \(value.debugDescription)",
                    reason.contains("line break")
                        ? "write the \(target) on one line in the sheet (Alt+Enter in Excel makes a line break in a cell)"
                        : "remove the control character from the cell; only an address or a column of your own may hold line breaks"
                )
            }
        }
        if let policy = fields[SanctuaryPolicy.column], !policy.isEmpty {
            if let spelled = SanctuaryPolicy.spelled(policy) {
                fields[SanctuaryPolicy.column] = spelled.rawValue
            } else {
                problem(
                    SanctuaryPolicy.column, "is \(policy.debugDescription), not yes, no or empty",
                    "write yes (or TRUE, Y, 1) when the city limits its part in federal immigration enforcement, no (or FALSE, N, 0) when it does not, and leave it empty when you do not know"
                )
            }
        }

        let given = fields["given_name"] ?? ""
        let family = fields["family_name"] ?? ""
        var name = fields["name"] ?? ""
        if name.isEmpty { name = [given, family].filter { !$0.isEmpty }.joined(separator: " ") }
        if name.isEmpty {
            problem("name", "is empty", "fill in the name (or the first and last name) of every row, or remove the row")
        }
        fields["name"] = name

        let written = fields["role"] ?? ""
        if let role = Role.normalize(written) {
            fields["role"] = role
        } else if written.isEmpty, let defaultRole {
            fields["role"] = defaultRole
        } else {
            problem(
                "role", Role.problem(with: written),
                written.isEmpty
                    ? "fill in the role, or give the role of rows without one: --role council-member"
                    : "write the role as a word or words joined by '-', such as council-member")
        }

        let email = fields["email"] ?? ""
        if !email.isEmpty {
            do { _ = try AddrSpec(email) } catch let reason as AddrSpec.Problem {
                problem(
                    "email", "\(email.debugDescription) \(reason)",
                    "give one plain address like clerk@city.example.org, or leave the field empty")
            } catch {}
        }
        let form = fields["contact_form"] ?? ""
        if !form.isEmpty {
            if let url = ContactForm.url(form) {
                fields["contact_form"] = url
            } else {
                problem(
                    "contact_form", "\(form.debugDescription) is not an http(s) URL",
                    "give the form's full URL starting with https://, or leave the field empty")
            }
        }
        if let state = fields["state"], !state.isEmpty {
            if let code = Self.stateCode(state) {
                fields["state"] = code
            } else {
                problem(
                    "state", "\(state.debugDescription) is not a US state",
                    "use the two-letter code (CA, NY, IL) or the state's name")
            }
        }
        if let end = fields["term_end"], !end.isEmpty, !MessageDate.isCalendarDay(end) {
            problem(
                "term_end", "\(end.debugDescription) is not a date (YYYY-MM-DD)",
                "format the column as YYYY-MM-DD before exporting, or leave it empty")
        }
        fields["address"] = Self.postalAddress(fields)
        if email.isEmpty && form.isEmpty && (fields["address"] ?? "").isEmpty {
            problem(
                "email",
                "is empty, and so are the contact form and the postal address: the letter could not be delivered",
                "fill in an email address, a contact form URL or a postal address")
        }
        if (fields["source"] ?? "").isEmpty { fields["source"] = source }
        if let own = fields["id"], !own.isEmpty {
            fields["id"] = Self.id(list: listName, own: own)
        } else {
            fields["id"] = Self.id(list: listName, email: email, name: name, jurisdiction: fields["jurisdiction"] ?? "")
        }
        guard problems.total == before else { return nil }

        if !email.isEmpty {
            let mailbox = MailboxIdentity.mailbox(email)
            if let first = mailboxes[mailbox] {
                problems.record(
                    SpreadsheetError.duplicate(
                        location: location, what: "the address \(email.debugDescription)",
                        first: SourceLocation(file: file, line: first)))
                return nil
            }
            mailboxes[mailbox] = line
        }
        let id = fields["id"] ?? ""
        if let first = ids[id] {
            problems.record(
                SpreadsheetError.duplicate(
                    location: location, what: "id \(id.debugDescription)",
                    first: SourceLocation(file: file, line: first)))
            return nil
        }
        ids[id] = line
        return outputColumns.map { fields[$0] ?? "" }
    }

    /// The id of a row without one: the list's name, then the mailbox, else the name and the
    /// city folded (`council/jane.doe@springfield.example.org`, `council/jane-doe--springfield`).
    /// The same row gives the same id in every import; the list's name keeps two lists that name
    /// one person apart (their letters are still matched by mailbox).
    static func id(list: String, email: String, name: String, jurisdiction: String) -> String {
        if !email.isEmpty { return "\(list)/\(MailboxIdentity.mailbox(email))" }
        let parts = [name, jurisdiction].map(slug).filter { !$0.isEmpty }
        if parts.isEmpty {
            let hash = RecipientScan.fnv1a(MailboxIdentity.folded(name + " " + jurisdiction), foldingCase: false)
            return "\(list)/\(String(hash, radix: 16))"
        }
        return "\(list)/\(parts.joined(separator: "--"))"
    }

    /// The id of a row with one of its own: prefixed with the list's name, as made ids are
    /// (`council/X1`), so that two sheets using the same ids (`1`, `2`, ...) make lists that draft
    /// reads side by side; an id that already starts with `LIST/` (a list exported again) is kept.
    static func id(list: String, own: String) -> String {
        own.hasPrefix("\(list)/") ? own : "\(list)/\(own)"
    }

    /// Columns whose values must be one line: the list's own columns but the postal address
    /// (a name, an email address or an id goes into a header field). Columns of the sheet's own
    /// may hold line breaks, as body text does.
    static func isOneLine(_ column: String) -> Bool {
        column != "address" && (ColumnMapping.standard.contains(column) || column == SanctuaryPolicy.column)
    }

    /// Why a cell cannot be written: a line break in a one-line column (a trailing one is
    /// trimmed, a leading one is not: "\r\nBcc: x"), or a control character other than tab and
    /// line breaks anywhere (the rule `draft` applies to a letter's fields).
    /// - Returns: the reason, or nil when the value is fine.
    static func controlProblem(raw: String, value: String, oneLine: Bool) -> String? {
        if oneLine {
            let start = raw.drop { $0 == " " || $0 == "\t" }
            if start.first?.isNewline ?? false || value.contains(where: \.isNewline) { return "holds a line break" }
            if value.contains("\t") { return "holds a tab" }
        }
        guard let found = ControlCharacter.first(in: value) else { return nil }
        return "holds the control character \(found.shown)"
    }

    /// Letters (accents folded) and digits in lower case, other runs as one `-`.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return folded.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
    }

    /// A state's USPS code from its code in any case or its name (`ca`, `California`).
    static func stateCode(_ text: String) -> String? {
        let upper = text.uppercased()
        if USState.codes.contains(upper) { return upper }
        let name = MailboxIdentity.folded(text.replacingOccurrences(of: ".", with: ""))
        return USState.names.first { MailboxIdentity.folded($0.value.replacingOccurrences(of: ".", with: "")) == name }?
            .key
    }

    /// The postal address as a letter needs it: the street lines, then `City, ST ZIP` unless the
    /// street text has them already (a sheet often keeps them in columns of their own).
    static func postalAddress(_ fields: [String: String]) -> String {
        let street = fields["address"] ?? ""
        guard !street.isEmpty else { return "" }
        var lines = [street]
        for key in ["address_2", "address2", "address_line_2", "street_2", "street_line_2"] {
            if let more = fields[key], !more.isEmpty { lines.append(more) }
        }
        let city = fields["jurisdiction"] ?? ""
        let state = fields["state"] ?? ""
        let zip = fields["zip"] ?? ""
        let folded = MailboxIdentity.folded(street)
        let hasPlace =
            (!zip.isEmpty && street.contains(zip)) || (!city.isEmpty && folded.contains(MailboxIdentity.folded(city)))
        let statePart = [state, zip].filter { !$0.isEmpty }.joined(separator: " ")
        let place = [city, statePart].filter { !$0.isEmpty }.joined(separator: ", ")
        if !hasPlace && !place.isEmpty { lines.append(place) }
        return lines.joined(separator: "\n")
    }
}
