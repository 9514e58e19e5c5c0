import Foundation

/// Merges one template with the profile, the note and each recipient, and builds the message.
///
/// Strict: every name a template uses must be a field, and every value it renders must be
/// non-empty (optional text goes in a `{{#name}}...{{/name}}` section). Checks on the template,
/// the profile and the note happen once in `init`; checks on a recipient happen in `merge`.
///
/// Literal: the template's parsed pieces (`TemplateNode`) are turned once into segments: text
/// with the profile's values, the note and the date already in place, and slots for recipient
/// fields (and sections on them, value sections `{{#recipient.COLUMN.VALUE}}` included). Each
/// letter is those segments with the recipient's values copied in: a few copies per letter, and
/// no character in a template, a note or a field can be read as anything but itself.
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
    /// Columns whose values reach a header field (checked for control characters), sorted.
    let headerColumns: [String]
    /// The recipient columns whose values reach a header field in every letter (To, the
    /// queue's one-line records), whatever the template: no control character, no line break.
    static let headerRecipientColumns = ["name", "email", "id", "role"]
    /// Columns used only in the body (line breaks and tabs allowed), sorted.
    let bodyOnlyColumns: [String]
    /// The first tag using each name, for error locations.
    let firstUse: [String: SourceLocation]
    /// The subject and the body, with everything but the recipient's values in place.
    let subjectSegments: [Segment]
    let bodySegments: [Segment]

    /// A piece of a letter once the constants are in place.
    indirect enum Segment: Sendable {
        /// Text copied as it is.
        case text([UInt8])
        /// The value of recipient column `column` (an index into `recipientColumns`), named
        /// `name` at `location`: an empty one is a problem ("Dear ," is never sent).
        case field(column: Int, name: String, location: SourceLocation)
        /// A profile value or the note that is empty where this letter would show it.
        case missing(name: String, location: SourceLocation)
        /// Segments shown when recipient column `column` is set, or with `test` when it holds
        /// (a value section, `{{#recipient.COLUMN.VALUE}}`); `inverted`: when it is not.
        case section(column: Int, test: ValueTest?, inverted: Bool, [Segment])
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

        var firstUse: [String: SourceLocation] = [:]
        var columns: [String] = []
        for tag in template.subjectTags + template.bodyTags {
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
        let subjectColumns = Set(template.subjectTags.compactMap { Merger.recipientColumn($0.name) })
        headerColumns = subjectColumns.union(Merger.headerRecipientColumns).sorted()
        bodyOnlyColumns = Set(template.bodyTags.compactMap { Merger.recipientColumn($0.name) }).subtracting(
            headerColumns
        ).sorted()

        let specializer = Specializer(
            constants: constants, columns: Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) }),
            template: template)
        subjectSegments = try specializer.segments(template.subjectNodes)
        bodySegments = try specializer.segments(template.bodyNodes)
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
        merge(recipient, sequence: sequence, buffer: ByteBuffer())
    }

    /// Merges one recipient as `merge(_:sequence:)` does, building the message in `buffer`
    /// (the calling thread's own, reused from letter to letter).
    func merge(_ recipient: Recipient, sequence: Int, buffer: ByteBuffer) -> Result<MergedLetter, ProblemList> {
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

        let values = recipientColumns.map { recipient[$0] }
        var rendering = Rendering(values: values, recipient: location)
        rendering.render(subjectSegments)
        var subject = String(decoding: rendering.take(), as: UTF8.self)
        rendering.render(bodySegments)
        let body = rendering.take()
        problems += rendering.problems
        if !problems.isEmpty { return .failure(ProblemList(problems)) }
        // Blanks a template or a value leaves at either end (spaces and tabs; nothing else).
        if let first = subject.utf8.first, let last = subject.utf8.last,
            [first, last].contains(where: { $0 == 0x20 || $0 == 0x09 })
        {
            subject = subject.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
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
            message = try MessageBuilder.build(
                fixed: fixed, to: to, subject: subject, messageID: messageID, body: body, buffer: buffer)
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
                && !(URL(string: form)?.host ?? "").isEmpty
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
    /// is VALUE (see `ValueTest`). Nil for other names.
    static func valueTest(_ name: String) -> ValueTest? { ValueTest(name: name) }
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
