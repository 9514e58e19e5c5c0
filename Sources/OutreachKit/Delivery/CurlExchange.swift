/// What one transfer did.
struct CurlExchange: Sendable {
    /// The CURLcode (0 is success).
    var code: Int
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
    /// True when `beforeContent` said no and the transfer was aborted before the content.
    var contentWithheld = false

    static let ok = 0
    static let couldNotResolve = 6
    static let couldNotConnect = 7
    static let timedOut = 28
    static let tlsConnect = 35
    static let peerVerification = 60
    static let useSSLFailed = 64
    static let loginDenied = 67
    static let caBadFile = 77
}
