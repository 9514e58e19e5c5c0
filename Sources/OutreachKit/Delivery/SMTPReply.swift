/// One server reply: the command it answered (`greeting`, `EHLO`, `MAIL`, `RCPT <addr>`, ...),
/// the code and the text of all its lines.
struct SMTPReply: Sendable, Equatable {
    var command: String
    var code: Int
    var text: String
}
