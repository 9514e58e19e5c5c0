/// What a draft run did for one role.
public struct DraftSummary: Sendable, Codable {
    /// The batch written, or nil when nothing new was drafted.
    public var batchId: Int64?
    /// The template, or the templates used (`a, b`) when the draft chose one per recipient.
    public var template: String
    /// The role written to.
    public var role: String = ""
    /// New letters per template.
    public var templates: [String: Int] = [:]
    /// When a template for residents was used: the offices it was kept to, in words
    /// (`your city, Oakland, CA`; see `Constituency.basis(for:)`).
    public var residentBasis: String?
    /// Ids of the new letters, in order (kept as runs of consecutive ids: flat in memory).
    public var letterIds = LetterIds()
    /// New letters per channel (`email`, `web-form`, `postal`).
    public var byChannel: [String: Int]
    /// Recipients left out because a letter from this template went to their office before
    /// (under their id, or to the same mailbox from another list), discarded ones included.
    public var alreadyDrafted: [AlreadyDrafted]
    /// Recipients in the selection left out because their term has ended, per file.
    public var endedTerms: [String: Int]
    /// Rows of the role that a filter or the own-officials default left out, per filter
    /// (`RecipientSelection.Filter.rawValue`: `state`, `jurisdiction`, `district`,
    /// `stateDistricts`, `condition`).
    public var leftOut: [String: Int] = [:]
    /// `leftOut` in words, one line per filter, with the flag that includes those rows
    /// (`RecipientSelection.leftOutLines`).
    public var leftOutNotes: [String] = []
    /// Recipients of the selection not drafted to because `--limit` was reached.
    public var pastLimit = 0
    /// Letters whose template Cc address was their To address: left out of their Cc and envelope.
    public var ccDropped: [CcDropped] = []
    /// True when a note was given but the template has no `{{note}}` for it.
    public var noteUnused = false
    /// Templates left out of the choice (broken and written for other roles, or unfinished),
    /// one line each naming the file, line and problem; `draft` prints them as warnings.
    public var templatesLeftOut: [String] = []
    /// Lists whose data is more than six months old, with how to refresh them.
    public var staleLists: [String] = []

    public init(template: String, role: String) {
        self.template = template
        self.role = role
        byChannel = [:]
        alreadyDrafted = []
        endedTerms = [:]
    }

    /// A recipient not drafted to, and the earlier letter to the same office.
    public struct AlreadyDrafted: Sendable, Codable {
        /// The earlier letter.
        public var letterId: Int64
        /// The recipient of this run left out.
        public var recipientName: String
        /// That recipient's `id`.
        public var recipientId: String = ""
        /// The earlier letter's recipient `id` (another list may name the office differently).
        public var earlierRecipientId: String = ""
        /// How the earlier letter reaches the office: address, form URL or postal address.
        public var mailbox: String = ""
        /// True when the earlier letter was discarded.
        public var discarded = false
    }

    /// A letter whose Cc named its own To address.
    public struct CcDropped: Sendable, Codable {
        public var letterId: Int64
        public var address: String
    }
}
