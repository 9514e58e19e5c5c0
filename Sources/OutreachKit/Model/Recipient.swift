/// One row of a recipient file: an official, or an office.
public struct Recipient: Sendable {
    /// The file's header.
    public let header: RecipientHeader
    /// The row's fields, one per header column.
    public let values: [String]
    /// The 1-based line where the row starts.
    public let line: Int

    public init(header: RecipientHeader, values: [String], line: Int) {
        self.header = header
        self.values = values
        self.line = line
    }

    /// Where the row is: `file:line`.
    public var location: SourceLocation { SourceLocation(file: header.file, line: line) }

    /// The value of `column`, or `""` when the file has no such column.
    public subscript(column: String) -> String {
        guard let position = header.index[column] else { return "" }
        return values[position]
    }

    public var id: String { self["id"] }
    public var role: String { self["role"] }
    public var name: String { self["name"] }
    public var state: String { self["state"] }
    public var district: String { self["district"] }
    public var jurisdiction: String { self["jurisdiction"] }
    public var email: String { self["email"] }
    public var contactForm: String { self["contact_form"] }
    public var address: String { self["address"] }
    public var termEnd: String { self["term_end"] }

    /// The office for lists and the log: `Mayor, Oakland` or `Senator, California State Senate`.
    public var office: String {
        let title = self["title"]
        let place = jurisdiction
        if title.isEmpty { return place }
        if place.isEmpty { return title }
        return "\(title), \(place)"
    }

    /// How a letter would go, by the fields that are filled: email, else a web form, else the post.
    /// (Drafting checks the values too: see `Merger`.)
    public var likelyChannel: Channel {
        if !email.isEmpty { return .email }
        return contactForm.isEmpty ? .postal : .webForm
    }

    /// True when `term_end` (YYYY-MM-DD) is set and before `today` (YYYY-MM-DD).
    public func termEnded(asOf today: String) -> Bool {
        let end = termEnd
        return !end.isEmpty && end < today
    }
}
