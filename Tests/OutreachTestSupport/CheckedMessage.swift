import Foundation

/// A message as Python's `email` package (policy default) reads it: see Tests/Scripts/check_message.py.
public struct CheckedMessage: Decodable {
    public struct Address: Decodable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }
    public var problems: [String]
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var subject: String?
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The keys check_message.py prints.
    public var message_id: String?
    public var date: String?
    public var headers: [String]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    public var content_transfer_encoding: String?
    public var charset: String?
    public var body: String?

    /// The body with CRLF turned into LF.
    public var text: String { (body ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
}
