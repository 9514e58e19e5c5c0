/// What a draft run did.
public struct DraftSummary: Sendable, Codable {
    /// The batch written, or nil when nothing new was drafted.
    public var batchId: Int64?
    /// The template, or the templates used (`a, b`) when the draft chose one per recipient.
    public var template: String
    /// New letters per template.
    public var templates: [String: Int] = [:]
    /// When a template for residents was used: the offices it was kept to, in words
    /// (`your city, Oakland, CA`; see `Constituency.basis(for:)`).
    public var residentBasis: String?
    /// Ids of the new letters, in order.
    public var letterIds: [Int64]
    /// New letters per channel (`email`, `web-form`, `postal`).
    public var byChannel: [String: Int]
    /// Letters that existed already: (letter id, recipient name).
    public var alreadyDrafted: [AlreadyDrafted]
    /// Recipients in the selection left out because their term has ended, per file.
    public var endedTerms: [String: Int]
    /// True when a note was given but the template has no `{{note}}` for it.
    public var noteUnused = false
    /// Lists whose data is more than six months old, with how to refresh them.
    public var staleLists: [String] = []

    public struct AlreadyDrafted: Sendable, Codable {
        public var letterId: Int64
        public var recipientName: String
    }
}
