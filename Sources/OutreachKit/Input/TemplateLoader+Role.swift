extension TemplateLoader {
    /// The templates `draft` chooses among for one role, and the ones it left out.
    public struct RoleTemplates: Sendable {
        /// The finished templates whose audience is the role, sorted by name.
        public var templates: [LetterTemplate]
        /// The names of every template that loaded, whatever its audience.
        public var loaded: [String]
        /// Templates left out, each with its problem: a broken one written for other roles, or
        /// an unfinished one (`InputError.unfinishedTemplate`). `draft` names them in a warning.
        public var leftOut: [any OutreachError]
    }

    /// Loads every template for a draft without `--template` to `role`.
    ///
    /// A broken template does not stop a draft it could not be part of: one whose front matter
    /// reads and whose audience does not hold the role is left out, as is one not finished yet
    /// (it still holds a placeholder of `templates new`'s starter). The draft is refused when a
    /// template's front matter cannot be read (whom it is for is unknown), when a template
    /// written for the role is broken, or when the role's only templates are unfinished; then
    /// every problem is reported at once (the first `ProblemCollector.limit`, the rest counted).
    /// - Parameter role: the role drafted to.
    /// - Returns: the role's templates and the ones left out.
    /// - Throws: the one problem as it is, several as a `ProblemList` (see `load(named:)`).
    public func loadAll(for role: Role) throws -> RoleTemplates {
        var result = RoleTemplates(templates: [], loaded: [], leftOut: [])
        var problems = ProblemCollector()
        var refused = false
        var unfinishedForRole = false
        for name in names() {
            var audience: [String]?
            do {
                let template = try load(named: name) { audience = $0 }
                result.loaded.append(name)
                if template.audience.contains(role.rawValue) { result.templates.append(template) }
            } catch let error as any OutreachError {
                let forRole = audience?.contains(role.rawValue) ?? true
                if case InputError.unfinishedTemplate = error {
                    unfinishedForRole = unfinishedForRole || forRole
                } else if forRole {
                    refused = true
                }
                problems.record(error)
                result.leftOut.append(error)
            }
        }
        if refused || (unfinishedForRole && result.templates.isEmpty) { try problems.throwIfAny() }
        return result
    }
}
