/// How far a mailbox was read: messages with a UID above `lastUid` are new while the server's
/// UIDVALIDITY stays `uidValidity`.
public struct MailboxMark: Sendable, Equatable {
    public var uidValidity: Int
    public var lastUid: Int
}
