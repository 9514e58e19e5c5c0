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
