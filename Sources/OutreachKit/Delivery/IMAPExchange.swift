/// What one IMAP command did (see `CurlIMAP.run`).
struct IMAPExchange: Sendable {
    /// libcurl's result: `.quoteError` when the server answered NO or BAD.
    var code: CurlEasy.Code
    /// libcurl's error text, or the code's description.
    var text: String
    /// The reply as the server sent it, literals included.
    var bytes: [UInt8]
    /// True when the reply passed `CurlIMAP.maximumResponse` and the command was aborted.
    var overflowed: Bool
    /// True when libcurl opened a new connection for this command (a mailbox EXAMINEd before is
    /// no longer selected).
    var newConnection: Bool
}
