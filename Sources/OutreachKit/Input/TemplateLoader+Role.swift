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
    /// reads as YAML with an `audience` that does not hold the role is left out (whatever else
    /// is wrong with it), as is one not finished yet (it still holds a placeholder of
    /// `templates new`'s starter). The draft is refused when a template's YAML or `audience`
    /// cannot be read (whom it is for is unknown), when a template written for the role is
    /// broken, or when the role's only templates are unfinished; then every problem is reported
    /// at once (the first `ProblemCollector.limit`, the rest counted), and an unfinished template
    /// for another role stays a warning (`ProblemList.warnings`).
    /// - Parameter role: the role drafted to.
    /// - Returns: the role's templates and the ones left out.
    /// - Throws: the one problem as it is, several (or one with warnings) as a `ProblemList`
    ///   (see `load(named:)`).
    public func loadAll(for role: Role) throws -> RoleTemplates {
        var result = RoleTemplates(templates: [], loaded: [], leftOut: [])
        var problems = ProblemCollector()
        var warnings: [String] = []
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
                result.leftOut.append(error)
                if case InputError.unfinishedTemplate = error {
                    // Unfinished work for another role is no error of this draft.
                    guard forRole else {
                        warnings.append(Self.leftOutWarning(error))
                        continue
                    }
                    unfinishedForRole = true
                } else if forRole {
                    refused = true
                }
                problems.record(error)
            }
        }
        if refused || (unfinishedForRole && result.templates.isEmpty) {
            try problems.throwIfAny(warnings: warnings)
        }
        return result
    }

    /// The one-line warning for a template left out of a draft: `FILE:LINE: PROBLEM (left out
    /// of this draft)`, with line breaks and other control characters the problem quotes
    /// escaped (`VisibleText`), so that it stays one line on a terminal and in `--json`.
    /// - Parameter problem: why the template was left out.
    /// - Returns: the line, without `warning: `.
    public static func leftOutWarning(_ problem: any OutreachError) -> String {
        VisibleText.escaped("\(problem.message) (left out of this draft)")
    }
}
