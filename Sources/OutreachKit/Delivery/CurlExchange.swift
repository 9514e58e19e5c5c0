/// What one transfer did.
struct CurlExchange: Sendable {
    /// libcurl's result.
    var code: CurlEasy.Code
    /// libcurl's error text, or the code's description.
    var text: String
    /// The last SMTP reply code libcurl saw.
    var responseCode: Int
    /// Server replies in order, each with the command it answered.
    var replies: [SMTPReply]
    /// True once the server accepted DATA (354): from here a failure may still have delivered.
    var dataStarted: Bool
    /// True when every byte of the message was handed to libcurl.
    var bodySent: Bool
    /// True when the work gave no content and the transfer was aborted before the content.
    var contentWithheld = false
    /// The name sent in EHLO on the connection this transfer opened.
    var ehloName = ""
    /// The TLS version and cipher of a handshake in this transfer (`TLSv1.3`).
    var tls: (version: String, cipher: String)?
    /// The SASL mechanism of an AUTH in this transfer (`PLAIN`).
    var authMechanism: String?
    /// The server's certificate, from a handshake in this transfer.
    var certificate: ServerCertificate?
    /// The address of the local end of the connection.
    var localAddress: String?

    /// True when this transfer opened a connection (the server greeted it).
    var openedConnection: Bool { replies.contains { $0.command == .greeting } }
}
