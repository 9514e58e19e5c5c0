import Foundation
import Mustache

/// Merges one template with the profile, the note and each recipient, and builds the message.
///
/// Strict: every name a template uses must be a field, and every value it renders must be
/// non-empty (optional text goes in a `{{#name}}...{{/name}}` section). Checks on the template,
/// the profile and the note happen once in `init`; checks on a recipient happen in `merge`.
///
/// Speed: when no section depends on a recipient field, the template is rendered once by
/// swift-mustache with a marker in place of each recipient field, and each letter is then the
/// rendered text with the markers replaced: a few copies per letter instead of a render.
/// Otherwise each letter is rendered by swift-mustache.
public final class Merger: Sendable {
    /// The template being merged.
    public let template: LetterTemplate
    /// True when the template has a place for the sender's note (`{{note}}`).
    public var usesNote: Bool { template.fieldNames.contains("note") }
    let sender: Mailbox
    /// The template's Cc and the copy to the sender, each mailbox once.
    let copies: EnvelopeCopies
    let replyTo: [Mailbox]
    let date: Date
    /// The random part of this merge's Message-IDs (see `MessageID.make`).
    let messageToken = MessageID.newToken()
    /// Date, From, Cc and Reply-To, encoded once; Cc only goes on emailed letters.
    let fixedFields: MessageBuilder.FixedFields
    let fixedFieldsNoCc: MessageBuilder.FixedFields
    /// For each Cc address, the fields without it: for a letter whose To address it is.
    let fixedFieldsWithoutCc: [MessageBuilder.FixedFields]
    /// Recipient columns the template uses, in first-use order.
    let recipientColumns: [String]
    /// Columns the template tests with a value section (`{{#recipient.COLUMN.VALUE}}`).
    let testedColumns: Set<String>
    /// Columns whose values reach a header field (checked for control characters), sorted.
    let headerColumns: [String]
    /// Columns used only in the body (line breaks and tabs allowed), sorted.
    let bodyOnlyColumns: [String]
    /// The first tag using each name, for error locations.
    let firstUse: [String: SourceLocation]
    let constants: [String: String]
    let plan: Plan

    enum Segment: Sendable {
        case text([UInt8])
        case field(Int)
    }

    enum Plan: Sendable {
        /// Pre-rendered text with recipient fields as slots; `required` are the slots rendered.
        case substitution(subject: [Segment], body: [Segment], required: [Int])
        /// Per-letter rendering; `tags` are the variable tags that depend on a recipient.
        case rendering(tags: [(tag: TemplateTag, location: SourceLocation)])
    }

    /// Prepares a merge.
    /// - Parameters:
    ///   - template: the letter.
    ///   - profile: the sender.
    ///   - note: the sender's own words (`{{note}}`), if given.
    ///   - date: the draft time: the `Date` header and `{{date}}`.
    ///   - copyMe: add the sender's address to each emailed letter's envelope (never a header).
    /// - Throws: `MergeError.noteRequired` when the template requires a note and none was given;
    ///   `.unknownField` for a name that is not a recipient column, profile key, `note` or `date`;
    ///   `.emptySenderField` for a rendered profile value that is not set.
    public init(template: LetterTemplate, profile: Profile, note: String?, date: Date, copyMe: Bool = false) throws {
        self.template = template
        self.date = date
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if template.requires.contains("note") && (note ?? "").isEmpty {
            throw MergeError.noteRequired(template: template.name)
        }
        let from = Mailbox(displayName: profile.name, address: try AddrSpec(profile.email))
        sender = from
        copies = EnvelopeCopies(template: template, sender: from.address, copyMe: copyMe)
        let replyTo = template.replyTo.compactMap { try? AddrSpec($0) }.map { Mailbox(displayName: "", address: $0) }
        self.replyTo = replyTo
        let formattedDate = MessageDate.format(date)
        let cc = copies.cc
        fixedFields = try MessageBuilder.FixedFields(
            from: from, cc: cc, replyTo: replyTo, date: date, formattedDate: formattedDate)
        fixedFieldsNoCc = try MessageBuilder.FixedFields(
            from: from, cc: [], replyTo: replyTo, date: date, formattedDate: formattedDate)
        fixedFieldsWithoutCc = try cc.indices.map { index in
            try MessageBuilder.FixedFields(
                from: from, cc: cc.enumerated().filter { $0.offset != index }.map(\.element), replyTo: replyTo,
                date: date, formattedDate: formattedDate)
        }
        var constants: [String: String] = ["date": MessageDate.longForm(date)]
        if let note, !note.isEmpty { constants["note"] = note }
        for (key, value) in profile.templateFields { constants["sender.\(key)"] = value }
        self.constants = constants

        let allTags = template.subjectTags.map { ($0, template.subjectLine) } + template.bodyTags.map { ($0, 0) }
        var firstUse: [String: SourceLocation] = [:]
        var columns: [String] = []
        for (tag, _) in allTags {
            if firstUse[tag.name] == nil { firstUse[tag.name] = SourceLocation(file: template.file, line: tag.line) }
            if let column = Merger.recipientColumn(tag.name) {
                if !columns.contains(column) { columns.append(column) }
            } else if !Merger.isKnownConstant(tag.name) {
                throw MergeError.unknownField(
                    template: SourceLocation(file: template.file, line: tag.line), recipient: nil, field: tag.name,
                    known: "known names: \(Merger.knownNames)")
            }
        }
        self.firstUse = firstUse
        recipientColumns = columns
        testedColumns = Set(allTags.compactMap { Merger.valueTest($0.0.name)?.column })
        let subjectColumns = Set(template.subjectTags.compactMap { Merger.recipientColumn($0.name) })
        headerColumns = subjectColumns.union(["name", "email", "id", "role"]).sorted()
        bodyOnlyColumns = Set(template.bodyTags.compactMap { Merger.recipientColumn($0.name) }).subtracting(
            headerColumns
        ).sorted()

        // Tags whose rendering depends only on constants are checked now, once.
        for (tag, _) in allTags where tag.kind == .variable && Merger.recipientColumn(tag.name) == nil {
            let dependsOnRecipient = tag.enclosing.contains { Merger.recipientColumn($0.name) != nil }
            if dependsOnRecipient { continue }
            let rendered = tag.enclosing.allSatisfy { (constants[$0.name] ?? "").isEmpty == $0.inverted }
            if rendered && (constants[tag.name] ?? "").isEmpty {
                if tag.name == "note" { throw MergeError.noteRequired(template: template.name) }
                throw MergeError.emptySenderField(
                    template: SourceLocation(file: template.file, line: tag.line), field: tag.name)
            }
        }

        let sectionsOnRecipient = (template.subjectTags + template.bodyTags).contains {
            $0.kind != .variable && Merger.recipientColumn($0.name) != nil
        }
        if sectionsOnRecipient {
            let tags = (template.subjectTags + template.bodyTags)
                .filter {
                    $0.kind == .variable
                        && (Merger.recipientColumn($0.name) != nil
                            || $0.enclosing.contains { Merger.recipientColumn($0.name) != nil })
                }
                .map { ($0, SourceLocation(file: template.file, line: $0.line)) }
            plan = .rendering(tags: tags)
        } else {
            var markers: [String: String] = [:]
            for (index, column) in columns.enumerated() { markers[column] = Merger.marker(index) }
            let context = Merger.context(constants: constants, recipient: markers)
            let subject = Merger.segments(template.subjectTemplate.render(context))
            let body = Merger.segments(template.bodyTemplate.render(context))
            var required: [Int] = []
            for case .field(let index) in subject + body where !required.contains(index) { required.append(index) }
            plan = .substitution(subject: subject, body: body, required: required)
        }
    }

    /// Checks that a recipient file has every column the template uses.
    /// - Parameters:
    ///   - header: the file's header.
    ///   - firstRow: the first row of that file to be drafted, named in the error.
    /// - Throws: `MergeError.unknownField` naming the template line, the row and the field.
    public func checkColumns(of header: RecipientHeader, firstRow: SourceLocation) throws {
        for column in recipientColumns where header.index[column] == nil && !RecipientColumn.optional.contains(column) {
            throw MergeError.unknownField(
                template: firstUse["recipient.\(column)"] ?? SourceLocation(file: template.file, line: 1),
                recipient: firstRow, field: "recipient.\(column)",
                known: Merger.nearestColumns(to: column, in: header.columns))
        }
    }

    /// Merges one recipient: checks its values, renders the letter and builds the message.
    /// Safe to call from several threads at once.
    /// - Parameters:
    ///   - recipient: the row.
    ///   - sequence: the letter's number in its batch, which goes into its Message-ID.
    /// - Returns: the letter, or every problem found with this recipient.
    public func merge(_ recipient: Recipient, sequence: Int = 0) -> Result<MergedLetter, ProblemList> {
        var problems: [any OutreachError] = []
        let location = recipient.location
        let source = location.description
        for column in ["id", "name"] where recipient[column].utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            problems.append(
                InputError.badRecipientValue(
                    location: location, field: column, reason: "is empty",
                    hint: "every recipient needs an id and a name"))
        }
        for column in headerColumns where MessageBuilder.containsControl(recipient[column], allowingLineBreaks: false) {
            problems.append(MessageError.controlCharacter(field: column, source: source))
        }
        for column in bodyOnlyColumns where MessageBuilder.containsControl(recipient[column], allowingLineBreaks: true)
        {
            problems.append(MessageError.controlCharacterInBody(field: column, source: source))
        }
        let channel = Merger.channel(for: recipient, problems: &problems)

        var subject = ""
        var body: [UInt8] = []
        switch plan {
        case .substitution(let subjectSegments, let bodySegments, let required):
            let values = recipientColumns.map { recipient[$0] }
            for index in required where values[index].isEmpty {
                let field = "recipient.\(recipientColumns[index])"
                problems.append(
                    MergeError.emptyField(template: firstUse[field] ?? location, recipient: location, field: field))
            }
            if !problems.isEmpty { return .failure(ProblemList(problems)) }
            subject = String(decoding: Merger.assemble(subjectSegments, values), as: UTF8.self)
            body = Merger.assemble(bodySegments, values)
        case .rendering(let tags):
            func value(_ name: String) -> String {
                if let test = Merger.valueTest(name) {
                    return ColumnValue.matches(recipient[test.column], test.value) ? test.value : ""
                }
                if let column = Merger.recipientColumn(name) { return recipient[column] }
                return constants[name] ?? ""
            }
            for (tag, tagLocation) in tags {
                let rendered = tag.enclosing.allSatisfy { value($0.name).isEmpty == $0.inverted }
                if rendered && value(tag.name).isEmpty {
                    problems.append(MergeError.emptyField(template: tagLocation, recipient: location, field: tag.name))
                }
            }
            if !problems.isEmpty { return .failure(ProblemList(problems)) }
            var fields: [String: Any] = [:]
            for column in recipientColumns where !recipient[column].isEmpty { fields[column] = recipient[column] }
            for column in testedColumns { fields[column] = ColumnValue(text: recipient[column]) }
            let context = Merger.context(constants: constants, recipient: fields)
            subject = template.subjectTemplate.render(context)
            body = Array(template.bodyTemplate.render(context).utf8)
        }
        if subject.utf8.first == 0x20 || subject.utf8.last == 0x20 {
            subject = subject.trimmingCharacters(in: .whitespaces)
        }

        var to: [Mailbox] = []
        if let address = channel.address { to = [Mailbox(displayName: recipient.name, address: address)] }
        // An envelope names a mailbox once: a Cc that is the To address is left out.
        let droppedCc = channel.address.flatMap { copies.ccIndex(of: $0) }
        let envelope = channel.address.map { copies.envelope(to: $0, dropping: droppedCc) }
        let messageID = MessageID.make(
            domain: sender.address.domain, date: date, token: messageToken, sequence: sequence)
        let message: [UInt8]
        do {
            let fixed = to.isEmpty ? fixedFieldsNoCc : droppedCc.map { fixedFieldsWithoutCc[$0] } ?? fixedFields
            message = try MessageBuilder.build(fixed: fixed, to: to, subject: subject, messageID: messageID, body: body)
        } catch {
            return .failure(ProblemList([Merger.locate(error, template: template, source: source)]))
        }
        return .success(
            MergedLetter(
                recipientId: recipient.id, recipientName: recipient.name, role: recipient.role,
                office: recipient.office,
                recipientSource: source, channel: channel.channel, subject: subject,
                envelopeFrom: sender.address.description, envelopeTo: envelope?.addresses ?? [],
                envelopeRoles: envelope?.roles ?? [],
                droppedCc: droppedCc.map { copies.cc[$0].address.description }, contactForm: recipient.contactForm,
                postalAddress: recipient.address, messageId: messageID, message: message))
    }

    /// `email` when the address is valid, else `web-form` when there is a form URL, else `postal`.
    /// A value that is present but wrong is a problem, not a silent fallback.
    static func channel(for recipient: Recipient, problems: inout [any OutreachError]) -> (
        channel: Channel, address: AddrSpec?
    ) {
        let location = recipient.location
        let email = recipient.email
        let form = recipient.contactForm
        var channel = Channel.postal
        if !form.isEmpty {
            if (form.hasPrefix("https://") || form.hasPrefix("http://")) && !form.contains(" ")
                && URL(string: form) != nil
            {
                channel = .webForm
            } else {
                problems.append(
                    InputError.badRecipientValue(
                        location: location, field: "contact_form", reason: "\"\(form)\" is not an http(s) URL",
                        hint: "give the form's full URL starting with https://, or leave the field empty"))
            }
        }
        if email.isEmpty && form.isEmpty && recipient.address.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(
                InputError.badRecipientValue(
                    location: location, field: "email",
                    reason: "is empty, and so are contact_form and address: the letter could not be delivered",
                    hint: "fill in an email address, a contact form URL or a postal address"))
        }
        if !email.isEmpty {
            do {
                return (.email, try AddrSpec(email))
            } catch let problem as AddrSpec.Problem {
                problems.append(
                    MessageError.badAddress(
                        field: "email", value: email, reason: "\(problem)", source: location.description))
            } catch {}
        }
        return (channel, nil)
    }

    private static func locate(_ error: MessageError, template: LetterTemplate, source: String) -> MessageError {
        if case .controlCharacter(let field, _) = error {
            return .controlCharacter(field: field, source: "\(template.file) with \(source)")
        }
        return error
    }

    // MARK: - Names

    static let knownConstantNames = ["note", "date"] + ProfileField.allCases.map { "sender.\($0.rawValue)" }
    static var knownNames: String { (["recipient.COLUMN"] + knownConstantNames).joined(separator: ", ") }

    static func isKnownConstant(_ name: String) -> Bool { knownConstantNames.contains(name) }

    /// The recipient column a name reads: `recipient.family_name` → `family_name`, and a value
    /// test `recipient.sanctuary_policy.yes` → `sanctuary_policy`; nil for other names.
    static func recipientColumn(_ name: String) -> String? {
        guard name.hasPrefix("recipient.") else { return nil }
        let parts = name.dropFirst("recipient.".count).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let column = parts.first, !column.isEmpty else { return nil }
        return String(column)
    }

    /// A value test, `recipient.COLUMN.VALUE`: a section that holds when the recipient's COLUMN
    /// is VALUE (see `ColumnValue`). Nil for other names.
    static func valueTest(_ name: String) -> (column: String, value: String)? {
        guard name.hasPrefix("recipient.") else { return nil }
        let parts = name.dropFirst("recipient.".count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    // MARK: - Rendering

    static func context(constants: [String: String], recipient: [String: Any]) -> [String: Any] {
        var sender: [String: String] = [:]
        var context: [String: Any] = [:]
        for (key, value) in constants {
            if key.hasPrefix("sender.") {
                sender[String(key.dropFirst("sender.".count))] = value
            } else {
                context[key] = value
            }
        }
        context["sender"] = sender
        context["recipient"] = recipient
        return context
    }

    // Private-use characters mark a field's place in the pre-rendered text.
    private static let markerOpen: Unicode.Scalar = "\u{F8F0}"
    private static let markerClose: Unicode.Scalar = "\u{F8F1}"

    static func marker(_ index: Int) -> String { "\(markerOpen)\(index)\(markerClose)" }

    static func segments(_ rendered: String) -> [Segment] {
        var segments: [Segment] = []
        var text = String.UnicodeScalarView()
        var number: String?
        for scalar in rendered.unicodeScalars {
            if scalar == markerOpen {
                number = ""
            } else if scalar == markerClose, let digits = number, let index = Int(digits) {
                if !text.isEmpty { segments.append(.text(Array(String(text).utf8))) }
                text = String.UnicodeScalarView()
                segments.append(.field(index))
                number = nil
            } else if number != nil {
                number?.unicodeScalars.append(scalar)
            } else {
                text.append(scalar)
            }
        }
        if !text.isEmpty { segments.append(.text(Array(String(text).utf8))) }
        return segments
    }

    static func assemble(_ segments: [Segment], _ values: [String]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        for segment in segments {
            switch segment {
            case .text(let bytes): output.append(contentsOf: bytes)
            case .field(let index): output.append(contentsOf: values[index].utf8)
            }
        }
        return output
    }
}

extension Merger {
    /// The columns to suggest for a template field that names none: the nearest by spelling
    /// (`wrad` → `ward`), else every column of the file.
    /// - Parameters:
    ///   - column: the column the template names.
    ///   - columns: the file's columns.
    /// - Returns: `the nearest columns: recipient.ward`, as the hint says it.
    static func nearestColumns(to column: String, in columns: [String]) -> String {
        var near = NearestNames.nearest(to: column, in: columns)
        // A spreadsheet's spelling of a list column (`first_name`) first names that column.
        let spelled = HeaderMatcher.templateName(for: column)
        if spelled != column && columns.contains(spelled) { near = [spelled] + near.filter { $0 != spelled } }
        let names = (near.isEmpty ? columns : near).map { "recipient.\($0)" }.joined(separator: ", ")
        return near.isEmpty ? "the file's columns: \(names)" : "the nearest columns: \(names)"
    }
}
