import Foundation
import OutreachKit

/// How `outreach show` prints a letter: as text (how it is delivered, the header fields, the
/// text, its history and the replies read for it), as JSON, or as what a person pastes into a web form.
enum LetterView {
    /// The letter's fields, its decoded header fields and text, its history, and the replies
    /// and delivery reports read for it.
    static func printJSON(
        _ letter: Letter, _ reader: MessageReader, history: [LetterEvent], replies: [InboundRecord]
    ) throws {
        struct Shown: Encodable {
            var letter: Letter
            var headers: [String: String]
            var body: String
            var history: [LetterEvent]
            var replies: [InboundRecord]
        }
        var headers: [String: String] = [:]
        for field in reader.fields { headers[field.name] = field.value }
        try JSONOutput.print(
            Shown(letter: letter, headers: headers, body: reader.body, history: history, replies: replies))
    }

    /// How it is delivered, the header fields a person reads, the text, the history, and the
    /// replies and delivery reports read for it.
    static func printText(
        _ letter: Letter, _ reader: MessageReader, history events: [LetterEvent], replies: [InboundRecord]
    ) {
        print(
            "Letter \(letter.id) · \(letter.status.rawValue) · \(letter.channel.rawValue) · template \(letter.template)"
        )
        print("Office:   \(letter.office) (\(letter.recipientSource))")
        switch letter.channel {
        case .email:
            let recipients = letter.envelopeTo.split(separator: " ").map { "<\($0)>" }.joined(separator: ", ")
            print("Envelope: MAIL FROM:<\(letter.envelopeFrom)> RCPT TO:\(recipients)")
        case .webForm:
            print("Deliver:  paste into the web form \(letter.contactForm)")
        case .postal:
            print(
                "Deliver:  print and post to \(letter.postalAddress.isEmpty ? "(no address in the data)" : letter.postalAddress)"
            )
        }
        print("")
        for field in reader.fields
        where !["mime-version", "content-type", "content-transfer-encoding"].contains(field.name.lowercased()) {
            print("\(field.name): \(field.value)")
        }
        print("")
        print(reader.body, terminator: reader.body.hasSuffix("\n") ? "" : "\n")
        if events.count > 1 {
            print("")
            print("History:")
            for event in events {
                print("  \(event.at)  \(event.kind.rawValue)\(event.detail.isEmpty ? "" : "  \(event.detail)")")
            }
        }
        ReplyListing.show(replies)
    }

    /// The text to paste and the sender's details forms ask for.
    static func printForm(_ letter: Letter, _ reader: MessageReader, profile: Profile) {
        print("Form:    \(letter.contactForm)")
        print("To:      \(letter.recipientName), \(letter.office)")
        print("")
        print("Your details, as forms ask for them:")
        print("  Name:    \(profile.name)")
        print("  Address: \(profile.street)")
        print("  City:    \(profile.city)")
        print("  State:   \(profile.state)")
        print("  ZIP:     \(profile.zip)")
        print("  Email:   \(profile.email)")
        if let phone = profile.phone { print("  Phone:   \(phone)") }
        print("")
        print("Subject:")
        print(reader.value("Subject") ?? letter.subject)
        print("")
        print("Message:")
        print(reader.body, terminator: reader.body.hasSuffix("\n") ? "" : "\n")
        print("")
        print("After you submit it: outreach mark \(letter.id) --delivered-by-hand --via web-form")
    }
}
