/// One template as `outreach templates list` shows it: where it is, whose it is, and what its
/// front matter says; a template that does not load is listed with its problem.
public struct TemplateListing: Sendable, Encodable {
    public var name: String
    /// Whose it is: the folder given with `--templates`, yours, or shipped.
    public var origin: TemplateLoader.Origin
    /// True when it takes the place of a shipped template of the same name.
    public var replacesShipped: Bool
    public var file: String
    /// The roles it is written for (front matter `audience`).
    public var audience: [String]
    /// Who may send it (front matter `sender`); nil when it does not load.
    public var sender: SenderRule?
    /// The recipients it is chosen for when `draft` chooses (front matter `where`), as
    /// `COLUMN=VALUE`; empty for any.
    public var conditions: [String] = []
    /// The topic to pick on a web form (front matter `topic`).
    public var topic: String = ""
    public var description: String
    /// Why it does not load (one line), or nil when it does.
    public var problem: String?

    enum CodingKeys: String, CodingKey {
        case name, origin, file, audience, sender, topic, description, problem
        case replacesShipped = "replaces_shipped"
        case conditions = "where"
    }

    /// Every template `loader` finds, by name, each loaded to read its front matter.
    /// - Parameter loader: the folders to list.
    /// - Returns: one listing per name, sorted; where two folders hold a name, the one in use.
    public static func all(in loader: TemplateLoader) -> [TemplateListing] {
        loader.entries().map { entry in
            var listing = TemplateListing(
                name: entry.name, origin: entry.origin, replacesShipped: entry.replacesShipped, file: entry.file,
                audience: [], sender: nil, description: "")
            do {
                let template = try loader.load(named: entry.name)
                listing.audience = template.audience
                listing.sender = template.sender
                listing.conditions = template.conditions.map { "\($0.column)=\($0.value)" }
                listing.topic = template.topic
                listing.description = template.description
            } catch let error as any OutreachError {
                listing.problem = error.message
            } catch {
                listing.problem = error.localizedDescription
            }
            return listing
        }
    }
}
