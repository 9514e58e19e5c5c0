import Foundation
import GRDB

extension QueueMigrations {
    /// "v6: envelope recipients": one row per envelope recipient of each email letter, with its
    /// role and what the server last said to it, so that a retry goes only to the addresses not
    /// yet accepted (a copy is never sent twice) and `show` and `log` can say who got what.
    ///
    /// The letters already in the queue get their rows from `letter.envelopeTo` (the first
    /// address is the To, the others copies), with the state their history shows: all accepted
    /// for a letter the server took (but an address its `sent` event names as refused); the
    /// copies accepted for a letter failed with "the copies were delivered"; unknown for an
    /// unknown letter; pending otherwise.
    static func envelopeRecipients(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE envelopeRecipient (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    letterId INTEGER NOT NULL REFERENCES letter(id),
                    position INTEGER NOT NULL,
                    address TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('to', 'cc', 'copy-to-self')),
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'deferred', 'refused', 'unknown')),
                    reply TEXT NOT NULL DEFAULT '',
                    updatedAt TEXT,
                    UNIQUE (letterId, position)
                );
                """)
        // The last outcome event of each letter the server answered, for the replies it holds.
        var lastOutcome: [Int64: String] = [:]
        let events = try Row.fetchCursor(
            db, sql: "SELECT letterId, detail FROM event WHERE kind IN ('sent', 'failed') ORDER BY id")
        while let row = try events.next() { lastOutcome[row[0]] = row[1] }
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO envelopeRecipient (letterId, position, address, role, state, reply, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let letters = try Row.fetchCursor(
            db,
            sql: "SELECT id, status, envelopeTo, lastReply, updatedAt FROM letter WHERE channel = 'email' ORDER BY id")
        while let row = try letters.next() {
            let id: Int64 = row[0]
            let status: String = row[1]
            let addresses = (row[2] as String).split(separator: " ").map(String.init)
            let lastReply: String = row[3]
            let updatedAt: String = row[4]
            let roles = EnvelopeRecipient.roles(count: addresses.count)
            for (position, address) in addresses.enumerated() {
                let (state, reply) = backfilledState(
                    address: address, role: roles[position], status: status, lastReply: lastReply,
                    outcome: lastOutcome[id])
                try insert.execute(arguments: [
                    id, position, address, roles[position], state, reply, state == .pending ? nil : updatedAt,
                ])
            }
        }
    }

    /// The state a recipient of a letter drafted before this migration is given, from the
    /// letter's status, its last reply and its last `sent` or `failed` event's detail
    /// (`250 ok; refused: a@example.org: 550 5.1.1 gone`).
    static func backfilledState(
        address: String, role: EnvelopeRole, status: String, lastReply: String, outcome: String?
    )
        -> (RecipientState, String)
    {
        switch status {
        case "sent", "replied", "bounced":
            let detail = outcome ?? lastReply
            let parts = detail.components(separatedBy: "; refused: ")
            if parts.count > 1 {
                for refusal in parts[1].components(separatedBy: "; ") where refusal.hasPrefix("\(address): ") {
                    let reply = String(refusal.dropFirst(address.count + 2))
                    return (reply.hasPrefix("4") ? .deferred : .refused, reply)
                }
            }
            return (.accepted, parts[0])
        case "failed":
            // Before this migration a To refused while its copies went made the letter failed.
            guard let marker = lastReply.range(of: "; the copies were delivered: ") else { return (.pending, "") }
            if role == .to {
                let reply = String(lastReply[..<(lastReply.range(of: " (To ")?.lowerBound ?? marker.lowerBound)])
                return (reply.hasPrefix("4") ? .deferred : .refused, reply)
            }
            var reply = String(lastReply[marker.upperBound...])
            if reply.hasSuffix(")") { reply.removeLast() }
            return (.accepted, reply)
        case "unknown":
            return (.unknown, lastReply)
        default:
            return (.pending, "")
        }
    }
}
