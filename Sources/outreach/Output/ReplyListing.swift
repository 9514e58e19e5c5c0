import Foundation
import OutreachKit

/// The replies and delivery reports of a letter, for `outreach show ID`.
enum ReplyListing {
    static func show(_ replies: [InboundRecord]) {
        guard !replies.isEmpty else { return }
        print("")
        print("Replies and reports (read from \(Set(replies.map(\.mailbox)).sorted().joined(separator: ", "))):")
        for reply in replies {
            switch reply.kind {
            case .replied, .autoReplied:
                print(
                    "  \(reply.receivedAt)  \(reply.kind.rawValue)  from \(reply.sender.oneLine): \(reply.subject.oneLine)"
                )
                for line in reply.excerpt.split(separator: "\n") { print("      | \(line)") }
            case .bounced, .delayed:
                print("  \(reply.receivedAt)  \(reply.kind.rawValue)  \(reply.summary.oneLine)")
            }
        }
    }
}
