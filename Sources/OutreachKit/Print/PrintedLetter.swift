import Foundation

/// One letter laid out for the post: a business letter in block form.
public struct PrintedLetter: Sendable, Codable {
    /// The sender's name and address, one line each.
    public var sender: [String]
    /// The date written out.
    public var date: String
    /// The office's name and postal address, one line each.
    public var insideAddress: [String]
    public var subject: String
    /// The letter's text, from the salutation to the signature.
    public var body: String
    /// How errors name it: `letter 12`.
    public var label = "letter"

    public init(sender: [String], date: String, insideAddress: [String], subject: String, body: String) {
        self.sender = sender
        self.date = date
        self.insideAddress = insideAddress
        self.subject = subject
        self.body = body
    }

    /// The letter as drafted, addressed for the post.
    public init(letter: Letter, message: [UInt8], profile: Profile, date: Date) {
        let reader = MessageReader(message)
        sender = [profile.name, profile.street, "\(profile.city), \(profile.state) \(profile.zip)"]
        self.date = MessageDate.longForm(date)
        insideAddress =
            [letter.recipientName, letter.office]
            + letter.postalAddress.split(whereSeparator: \.isNewline).map(String.init)
        subject = reader.value("Subject") ?? letter.subject
        body = Self.reflow(reader.body)
        label = "letter \(letter.id)"
    }

    /// Joins the lines of a paragraph wrapped for email, so the page wraps it at its own width;
    /// a block of short lines (an address, a signature) keeps its lines.
    static func reflow(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            let lines = paragraph.components(separatedBy: "\n")
            let wrapped = lines.count > 1 && lines.dropLast().allSatisfy { $0.count >= 40 }
            return wrapped ? lines.joined(separator: " ") : paragraph
        }.joined(separator: "\n\n")
    }

    /// The page's text, top to bottom.
    public var text: String {
        (sender + ["", date, ""] + insideAddress + ["", "Re: \(subject)", "", body]).joined(separator: "\n")
    }
}

/// What `outreach-print` reports on standard output, as JSON.
public struct PrintResult: Sendable, Codable {
    /// Letters with characters no installed font can show.
    public var missingGlyphs: [String] = []
    /// Set when the PDF was not written.
    public var error: String?
    public var hint: String?
    public var exitCode: Int32 = 0

    public init() {}
}

/// An error `outreach-print` reported.
public struct PrintError: OutreachError {
    public let message: String
    public let hint: String?
    public let exitCode: Int32

    public init(message: String, hint: String?, exitCode: Int32) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }
}
