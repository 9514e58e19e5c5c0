/// What `outreach draft` is asked to do for one role.
public struct DraftRequest: Sendable {
    /// `--template NAME`; without it the template whose audience is the role.
    public var templateName: String?
    /// Who to write to; its role is required.
    public var selection: RecipientSelection
    /// `--limit N`: at most this many new letters.
    public var limit: Int?
    /// `--again`: draft even where a letter from this template went to this office before.
    public var again: Bool
    /// The sender's own words.
    public var note: String?
    /// Where the note comes from, for errors: `--note`, the `--note-file` path, or
    /// `standard input`.
    public var noteSource: String
    /// `--copy-me` (or the profile's `copy_me`): the sender's address in each emailed letter's
    /// envelope, never in a header field.
    public var copyMe: Bool

    public init(
        templateName: String?, selection: RecipientSelection, limit: Int? = nil, again: Bool = false,
        note: String? = nil, noteSource: String = "--note", copyMe: Bool = false
    ) {
        self.templateName = templateName
        self.selection = selection
        self.limit = limit
        self.again = again
        self.note = note
        self.noteSource = noteSource
        self.copyMe = copyMe
    }
}
