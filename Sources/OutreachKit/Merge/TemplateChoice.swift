/// Which template each recipient of a draft gets, and whether the sender may send it.
///
/// With `--template NAME`, that template for every recipient; its `where` is not consulted, but
/// its `sender` rule is: a `resident` template is refused for an office outside the sender's own.
///
/// Without it, for each recipient, among the templates whose audience is the role:
/// 1. those the sender may send: `sender: anyone`, or `resident` when the office is the
///    sender's own (`Constituency`);
/// 2. of those, the ones whose `where` holds for the recipient (a template without `where`
///    holds for everyone);
/// 3. a resident's letter before anyone's, then a template with `where` before one without.
/// The first must be alone in first place; a tie is refused, naming the templates.
///
/// So from the shipped templates, your own mayor gets `mayor-solidarity`, another city's mayor
/// `mayor-solidarity-elsewhere` when the list records a policy (`sanctuary_policy` = yes) and
/// `mayor-safe-reporting` otherwise.
struct TemplateChoice: Sendable {
    /// What the choice is for one recipient.
    enum Pick: Equatable {
        /// The template at this index of `templates`.
        case template(Int)
        /// Every template the sender could use here is for residents, and the office is not the
        /// sender's own.
        case notSendersOffice
        /// No template's `where` holds for the recipient.
        case noneWrittenFor
        /// Several templates come first together.
        case tie([String])
    }

    /// The templates that may be chosen: the one named, or every template for the role.
    let templates: [LetterTemplate]
    /// True when `--template` named the one template.
    let explicit: Bool
    /// The sender's own offices.
    let constituency: Constituency

    /// The template for one recipient.
    /// - Parameter recipient: the row.
    /// - Returns: the pick, or why there is none.
    func pick(_ recipient: Recipient) -> Pick {
        // Whether the office is the sender's own matters to `sender: resident` templates alone.
        if explicit {
            guard let only = templates.first else { return .noneWrittenFor }
            return only.sender == .resident && !constituency.includes(recipient) ? .notSendersOffice : .template(0)
        }
        let isOwn = templates.contains { $0.sender == .resident } && constituency.includes(recipient)
        let allowed = templates.indices.filter { templates[$0].sender == .anyone || isOwn }
        if allowed.isEmpty { return .notSendersOffice }
        let fitting = allowed.filter { templates[$0].isWrittenFor(recipient) }
        func rank(_ index: Int) -> Int {
            (templates[index].sender == .resident ? 2 : 0) + (templates[index].conditions.isEmpty ? 0 : 1)
        }
        guard let best = fitting.map(rank).max() else { return .noneWrittenFor }
        let first = fitting.filter { rank($0) == best }
        if first.count == 1, let only = first.first { return .template(only) }
        return .tie(first.map { templates[$0].name })
    }

    /// Templates that can never be told apart (the same sender rule and the same `where`): a
    /// choice between them would be a tie for every recipient they fit.
    /// - Returns: the names of the first such group, or nil.
    func alwaysTied() -> [String]? {
        guard !explicit else { return nil }
        var groups: [String: [String]] = [:]
        for template in templates {
            let conditions = template.conditions.map { "\($0.column)=\($0.value.lowercased())" }.sorted()
            let key = template.sender.rawValue + "|" + conditions.joined(separator: "|")
            groups[key, default: []].append(template.name)
        }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted() }.min { $0.joined() < $1.joined() }
    }
}
