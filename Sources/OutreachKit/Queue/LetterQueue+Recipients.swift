import Foundation
import GRDB

extension LetterQueue {
    /// The recipient ids that have any letter in the queue, whatever its status (drafted,
    /// sent, discarded, ...): the officials already written to.
    /// - Parameter template: only letters from this template, when given.
    /// - Returns: the recipients' `id`s as the recipient files spell them.
    /// - Throws: `QueueError.database`.
    public func recipientIdsWritten(template: String? = nil) throws -> Set<String> {
        try read { db in
            if let template {
                return Set(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT recipientId FROM letter WHERE template = ?", arguments: [template]))
            }
            return Set(try String.fetchAll(db, sql: "SELECT DISTINCT recipientId FROM letter"))
        }
    }

    /// The offices (`MailboxIdentity` keys) that have any letter in the queue, whatever its
    /// status: the same offices under other ids or in other lists.
    /// - Parameter template: only letters from this template, when given.
    /// - Returns: the keys.
    /// - Throws: `QueueError.database`.
    public func mailboxKeysWritten(template: String? = nil) throws -> Set<String> {
        try read { db in
            if let template {
                return Set(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT mailboxKey FROM letter WHERE template = ? AND mailboxKey <> ''",
                        arguments: [template]))
            }
            return Set(try String.fetchAll(db, sql: "SELECT DISTINCT mailboxKey FROM letter WHERE mailboxKey <> ''"))
        }
    }
}
