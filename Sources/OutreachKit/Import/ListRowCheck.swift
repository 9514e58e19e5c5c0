/// The rules `draft` applies to a row of a recipient list when it reads and merges it, applied
/// by `recipients import csv` to every row it is about to write: an import never writes a list
/// that drafting would refuse. (The import checks the sheet's cells first, naming the sheet's
/// columns; this is the last guard, naming the list's fields.)
enum ListRowCheck {
    /// Every rule a row breaks: its role (`Role`), a `term_end` that is not a date or a `state`
    /// that is not a USPS code (`RecipientScan.check`), `sanctuary_policy` other than yes, no or
    /// empty (`SanctuaryPolicy`), an empty id or name, a control character (a line break too,
    /// in the columns that always reach a header field: `Merger.headerRecipientColumns`), and a
    /// delivery channel that is present but wrong (`Merger.channel`).
    /// - Parameter recipient: the row, located at the sheet's line.
    /// - Returns: the problems; empty when `draft` would take the row.
    static func problems(of recipient: Recipient) -> [any OutreachError] {
        var problems: [any OutreachError] = []
        let location = recipient.location
        if Role.normalize(recipient.role) != recipient.role {
            problems.append(
                InputError.badRecipientValue(
                    location: location, field: "role", reason: Role.problem(with: recipient.role),
                    hint: "give every row a role, such as mayor or council-member"))
        }
        if let problem = RecipientScan.check(recipient) { problems.append(problem) }
        do { _ = try SanctuaryPolicy.recorded(for: recipient) } catch let error as InputError {
            problems.append(error)
        } catch {}
        for column in ["id", "name"] where recipient[column].utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            problems.append(
                InputError.badRecipientValue(
                    location: location, field: column, reason: "is empty",
                    hint: "every recipient needs an id and a name"))
        }
        for column in recipient.header.columns {
            let oneLine = Merger.headerRecipientColumns.contains(column)
            if MessageBuilder.containsControl(recipient[column], allowingLineBreaks: !oneLine) {
                problems.append(
                    oneLine
                        ? MessageError.controlCharacter(field: column, source: location.description)
                        : MessageError.controlCharacterInBody(field: column, source: location.description))
            }
        }
        _ = Merger.channel(for: recipient, problems: &problems)
        return problems
    }
}
