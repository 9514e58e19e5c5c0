import Foundation
import OutreachKit

/// How `outreach show` prints a letter: as text (how it is delivered, the header fields, the
/// text, its history and the replies read for it), as JSON, or as what a person pastes into a web form.
enum LetterView {
    /// The letter's fields, its envelope recipients with their states, its decoded header fields
    /// and text, its history, and the replies and delivery reports read for it.
    static func printJSON(
        _ letter: Letter, _ reader: MessageReader, recipients: [EnvelopeRecipient], history: [LetterEvent],
        replies: [InboundRecord]
    ) throws {
        struct Shown: Encodable {
            var letter: Letter
            var recipients: [EnvelopeRecipient]
            var headers: [String: String]
            var body: String
            var history: [LetterEvent]
            var replies: [InboundRecord]
        }
        var headers: [String: String] = [:]
        for field in reader.fields { headers[field.name] = field.value }
        try JSONOutput.print(
            Shown(
                letter: letter, recipients: recipients, headers: headers, body: reader.body, history: history,
                replies: replies))
    }

    /// How it is delivered, the header fields a person reads, the text, the history, and the
    /// replies and delivery reports read for it.
    static func printText(
        _ letter: Letter, _ reader: MessageReader, recipients: [EnvelopeRecipient], history events: [LetterEvent],
        replies: [InboundRecord]
    ) {
        print(
            "Letter \(letter.id) · \(letter.status.rawValue) · \(letter.channel.rawValue) · template \(letter.template)"
        )
        print("Office:   \(letter.office.oneLine) (\(letter.recipientSource.oneLine))")
        switch letter.channel {
        case .email:
            // The rows name each address's role; a letter without rows goes to its envelopeTo.
            let addresses =
                recipients.isEmpty
                ? letter.envelopeTo.split(separator: " ").map { "<\($0)>" }
                : recipients.map {
                    $0.role == .copyToSelf ? "<\($0.address)> (your copy: envelope only)" : "<\($0.address)>"
                }
            print("Envelope: MAIL FROM:<\(letter.envelopeFrom)> RCPT TO:\(addresses.joined(separator: ", "))")
            printRecipientStates(recipients)
        case .webForm:
            print("Deliver:  paste into the web form \(letter.contactForm.oneLine)")
        case .postal:
            print(
                "Deliver:  print and post to \(letter.postalAddress.isEmpty ? "(no address in the data)" : letter.postalAddress.split(whereSeparator: \.isNewline).joined(separator: ", ").oneLine)"
            )
        }
        print("")
        for field in reader.fields
        where !["mime-version", "content-type", "content-transfer-encoding"].contains(field.name.lowercased()) {
            print("\(field.name): \(field.value.oneLine)")
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

    /// What the server said to each envelope recipient, once any was handed over: its role, its
    /// state and the reply.
    private static func printRecipientStates(_ recipients: [EnvelopeRecipient]) {
        guard recipients.contains(where: { $0.state != .pending }) else { return }
        let width = recipients.map { DisplayWidth.of($0.address) }.max() ?? 0
        for recipient in recipients {
            let address = DisplayWidth.padded(recipient.address, to: width)
            let role = recipient.role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            let state = recipient.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("          \(role) \(address)  \(state)  \(recipient.reply.oneLine)")
        }
    }

    /// The form's address, the fields forms ask for (filled from the profile), the subject, and
    /// the text as paragraphs to paste (`FormText`), as `outreach forms` shows them.
    static func printForm(_ entry: WebFormEntry) {
        print("To:        \(entry.recipient.oneLine), \(entry.office.oneLine)")
        for line in entry.fieldLines() { print(line) }
        print("")
        print("Message (paragraphs, ready to paste):")
        print(entry.text)
        print("")
        print(
            "After you submit it: outreach mark \(entry.id) --delivered-by-hand --via web-form (or go through every form with: outreach forms)"
        )
    }
}
