/// One RCPT the server refused while it took the message for the others.
public struct RefusedRecipient: Sendable, Equatable, Codable {
    public var address: String
    public var code: Int
    public var reply: String
}
