import ArgumentParser
import OutreachKit

/// A `--to` value: one role, or several separated by commas (`mayor,council-member`). Any role's
/// slug is taken (see `Role`), so completion offers the known roles while `--help` says that
/// the person's own lists add more.
struct RoleArgument: ExpressibleByArgument {
    /// The names as given.
    let names: [String]

    init?(argument: String) {
        names = argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    static var defaultCompletionKind: CompletionKind { .list(Role.names) }

    var defaultValueDescription: String { names.joined(separator: ",") }

    /// The roles named, normalized, each once, in order.
    /// - Throws: `InputError.badRole` for a name that is no role's slug.
    func roles() throws -> [Role] {
        try names.map { name in
            guard let role = Role(rawValue: name) else { throw InputError.badRole(role: name) }
            return role
        }
    }

    /// The roles of every value of a repeated `--to`, each once, in order.
    /// - Parameter arguments: the values given.
    /// - Returns: the roles.
    /// - Throws: `InputError.badRole` for a name that is no role's slug.
    static func roles(_ arguments: [RoleArgument]) throws -> [Role] {
        var roles: [Role] = []
        for role in try arguments.flatMap({ try $0.roles() }) where !roles.contains(role) { roles.append(role) }
        return roles
    }

    /// The one role of a flag that takes one (`recipients list --to`, `log --to`).
    /// - Parameter option: the flag, for the error.
    /// - Returns: the role.
    /// - Throws: `InputError.badRole`; `.badOption` when several are given.
    func single(option: String) throws -> Role {
        let roles = try roles()
        guard roles.count == 1, let role = roles.first else {
            throw InputError.badOption(
                option: option, reason: "takes one role, not \(names.count)",
                hint: "give one role; 'outreach draft --to' takes several")
        }
        return role
    }

    /// The help for a `--to` that takes one role or several.
    static func help(several: Bool) -> ArgumentHelp {
        let known = Role.names.joined(separator: ", ")
        let text =
            several
            ? "Who to write to: \(known), or a role of your own lists (council-member). Several: --to mayor --to council-member, or --to mayor,council-member; each with its own templates."
            : "Only this role: \(known), or a role of your own lists (council-member)."
        return ArgumentHelp(text, valueName: "ROLE")
    }
}
