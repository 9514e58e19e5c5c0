/// A template and the data do not fit together, or the selection is empty.
public enum MergeError: OutreachError, Equatable {
    /// A placeholder names no field: not a column of the recipient's file, not a profile key,
    /// not `note` or `date`. `recipient` is the first row it was needed for, when there is one.
    case unknownField(template: SourceLocation, recipient: SourceLocation?, field: String, known: String)
    /// A placeholder's value is empty for a recipient ("Dear ," is never sent).
    case emptyField(template: SourceLocation, recipient: SourceLocation, field: String)
    /// A placeholder on a profile value that is not set.
    case emptySenderField(template: SourceLocation, field: String)
    /// The template requires a note and none was given.
    case noteRequired(template: String)
    /// No template's audience is the role; `available` are the templates that load, to copy.
    case noTemplateForRole(role: String, available: [String])
    /// Several templates fit the role.
    case ambiguousTemplate(role: String, candidates: [String])
    /// The template is not written for the role asked for.
    case templateNotForRole(template: String, role: String, audience: [String])
    /// A template for residents (`sender: resident`) would go to offices outside the sender's
    /// own. `template` is the one named with `--template`, or nil when every template for the
    /// role is for residents; `basis` says what was checked (`your city, Oakland, CA`);
    /// `offices` are the first few outside, of `count`; `fitting` the templates any sender may send.
    case notSendersOffice(
        template: String?, role: String, basis: String, offices: [String], count: Int, fitting: [String])
    /// The template chosen for an office (`draft` without `--template`) renders a profile value
    /// that is not set: `field` is its name (`sender.organization`).
    case chosenTemplateNeedsProfile(template: String, office: String, isOwnOffice: Bool, field: String)
    /// No template's `where` holds for some recipients: the first few `offices`, of `count`.
    case noTemplateWrittenFor(role: String, offices: [String], count: Int, candidates: [String])
    /// No recipient matched.
    case noRecipients(reason: String, hint: String)
    /// No row of the lists has the role asked for (`roles`: those they have; `nearest`: the
    /// ones spelled most like it).
    case roleNotInLists(role: String, fileCount: Int, roles: [String], nearest: [String])
    /// A representative's district is needed but unknown.
    case districtUnknown
    /// The profile's ZIP lies in several districts.
    case districtAmbiguous(zip: String, candidates: [String])

    public var message: String {
        switch self {
        case .unknownField(let template, let recipient, let field, _):
            let row = recipient.map { " (needed for \($0))" } ?? ""
            return "\(template): {{\(field)}} names no field\(row)"
        case .emptyField(let template, let recipient, let field):
            return "\(template): {{\(field)}} is empty for \(recipient)"
        case .emptySenderField(let template, let field):
            return "\(template): {{\(field)}} is empty: the profile has no value for it"
        case .noteRequired(let template): return "template '\(template)' requires a note in your own words"
        case .noTemplateForRole(let role, _): return "no template is written for '\(role)'"
        case .ambiguousTemplate(let role, let candidates):
            return "several templates are written for '\(role)': \(candidates.joined(separator: ", "))"
        case .templateNotForRole(let template, let role, let audience):
            return "template '\(template)' is written for \(audience.joined(separator: ", ")), not '\(role)'"
        case .notSendersOffice(let template, let role, let basis, let offices, let count, _):
            let what =
                template.map { "template '\($0)' is for residents (sender: resident)" }
                ?? "every template for '\(role)' is for residents (sender: resident)"
            let list = offices.joined(separator: "; ") + (count > offices.count ? "; …" : "")
            return
                "\(what), and \(count) of the offices selected \(count == 1 ? "is" : "are") not yours (\(basis)): \(list)"
        case .chosenTemplateNeedsProfile(let template, let office, let isOwnOffice, let field):
            let whose = isOwnOffice ? "" : " (not one of your offices)"
            return
                "\(template), the letter that fits \(office)\(whose), uses {{\(field)}}, and your profile has no value for it"
        case .noTemplateWrittenFor(let role, let offices, let count, let candidates):
            let list = offices.joined(separator: "; ") + (count > offices.count ? "; …" : "")
            return
                "none of the templates for '\(role)' (\(candidates.joined(separator: ", "))) is written for \(count) of the offices selected (their 'where' does not hold): \(list)"
        case .noRecipients(let reason, _): return reason
        case .roleNotInLists(let role, let fileCount, _, _):
            return "no row of the \(fileCount) recipient file\(fileCount == 1 ? "" : "s") has the role '\(role)'"
        case .districtUnknown: return "your congressional district is not in the profile"
        case .districtAmbiguous(let zip, let candidates):
            return
                "ZIP \(zip) lies in \(candidates.count) congressional districts: \(candidates.joined(separator: ", ")); ZIP codes only approximate districts"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownField(_, _, let field, let known):
            return "fix the name '\(field)', or add that column to the recipient file; \(known)"
        case .emptyField(_, _, let field):
            let column = field.hasPrefix("recipient.") ? String(field.dropFirst("recipient.".count)) : field
            return "fill in '\(column)' in that row, or put optional text in a section: {{#\(field)}}...{{/\(field)}}"
        case .emptySenderField(_, let field):
            let key = field.hasPrefix("sender.") ? String(field.dropFirst("sender.".count)) : field
            return "set it with 'outreach profile set \(key) VALUE', or wrap it in {{#\(field)}}...{{/\(field)}}"
        case .noteRequired:
            return "add your own words with --note \"TEXT\" or --note-file FILE: offices discount identical letters"
        case .noTemplateForRole(let role, let available):
            // `--template` takes only a template written for the role, so none is offered: one is made.
            let from = available.isEmpty ? "" : " --from TEMPLATE (one of: \(available.joined(separator: ", ")))"
            return "write one: outreach templates new NAME\(from), then set 'audience: \(role)' in it"
        case .ambiguousTemplate: return "pick one with --template NAME"
        case .templateNotForRole: return "pick a template for the role, or change --to"
        case .notSendersOffice(let template, _, _, _, _, let fitting):
            if fitting.isEmpty {
                return
                    "no template for this role is for any sender: write one whose every sentence is true from anywhere, with 'sender: anyone' (outreach templates new NAME --from \(template ?? "TEMPLATE")), or keep to your own offices"
            }
            let choose =
                template == nil
                ? "" : ", or leave out --template and each office gets the letter that fits it"
            return
                "templates that fit any sender: \(fitting.joined(separator: ", ")) (--template NAME)\(choose); or keep to your own offices"
        case .chosenTemplateNeedsProfile(let template, _, _, let field):
            let key = field.hasPrefix("sender.") ? String(field.dropFirst("sender.".count)) : field
            let only = key == ProfileField.organization.rawValue ? " (only an organization you may sign for)" : ""
            return
                "set it with 'outreach profile set \(key) VALUE'\(only), pick another letter with --template NAME, or keep to your own offices (see outreach templates show \(template))"
        case .noTemplateWrittenFor:
            return "pick one for them all with --template NAME, or narrow the selection (--where COLUMN=VALUE)"
        case .noRecipients(_, let hint): return hint
        case .roleNotInLists(let role, _, let roles, let nearest):
            if !nearest.isEmpty {
                return "did you mean \(nearest.joined(separator: " or "))? The roles: outreach recipients roles"
            }
            return
                "the lists hold \(roles.joined(separator: ", ")); add a list of your own: outreach recipients import csv FILE --role \(role)"
        case .districtUnknown:
            return
                "set it with 'outreach profile set district ST-N' (for example CA-12), give --district N, or use --anywhere"
        case .districtAmbiguous(_, let candidates):
            return
                "find yours (your voter registration shows it) and set it: outreach profile set district \(candidates.first ?? "ST-N")"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .noTemplateForRole, .ambiguousTemplate, .templateNotForRole, .noteRequired, .notSendersOffice,
            .noTemplateWrittenFor:
            return ExitStatus.usage
        case .districtUnknown, .districtAmbiguous: return ExitStatus.configuration
        case .noRecipients, .roleNotInLists: return ExitStatus.noInput
        default: return ExitStatus.dataError
        }
    }
}
