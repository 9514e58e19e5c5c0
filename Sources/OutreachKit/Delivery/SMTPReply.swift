/// One server reply: the command it answered, the code and the text of all its lines.
struct SMTPReply: Sendable, Equatable {
    /// What a reply answered (RFC 5321 §4.1).
    enum Command: Sendable, Equatable {
        /// The greeting, before any command.
        case greeting
        /// A reply on a reused connection before this transfer sent any command.
        case connection
        case ehlo, helo, startTLS, auth, mail, data, quit, rset, noop
        /// RCPT, with the address as sent (`<mayor@example.com>`).
        case rcpt(String)
        /// The end of the content, after DATA's 354.
        case endOfData
    }

    var command: Command
    var code: Int
    var text: String
    /// For an EHLO reply, each line's text apart: the domain, then one extension a line
    /// (`SIZE 35882577`, `AUTH PLAIN LOGIN`). Empty for other replies.
    var lines: [String] = []
}
