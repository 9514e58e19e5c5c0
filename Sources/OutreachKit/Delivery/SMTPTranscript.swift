/// Collects the SMTP dialogue from libcurl's debug stream. What we send is reduced to the
/// command verb (and the address for RCPT): AUTH lines never leave this class.
///
/// A message on a connection already open is read from libcurl's header callback instead
/// (`expectMessage(to:)`), with the debug stream off: libcurl formats a note and calls the
/// debug callback a dozen times a message, about 5% of a fast run's time (measured). Its
/// commands are then known without reading them: libcurl 7.88 (smtp.c, with
/// MAIL_RCPT_ALLOWFAILS) sends MAIL, then one RCPT per recipient in the order given, each
/// whatever the reply to the one before, then DATA once a RCPT was accepted, then the content
/// and its end, each after the reply to the one before (no pipelining): a refused MAIL, DATA or
/// end, or every RCPT refused, ends the transfer. A reply that comes after that is to the QUIT
/// libcurl sends as it closes the connection. A transfer that has to open a connection (the
/// one open was found closed) is not read so: `CurlEasy.send` abandons it before it connects
/// (`connectionWanted`) and runs it again with the debug stream.
///
/// It reads bytes, not Strings: it runs for every line of every message, on the sending
/// thread, and decoding each line cost about a tenth of a run's time. For the same reason its
/// properties skip Swift's run-time exclusivity checks (`@exclusivity(unchecked)`): it is used by
/// one thread only, and the checks were six calls into the runtime for each line.
final class SMTPTranscript {
    @exclusivity(unchecked) private(set) var replies: [SMTPReply] = []
    @exclusivity(unchecked) private(set) var dataStarted = false
    /// The TLS version and cipher libcurl reported for a handshake in this transfer
    /// (`TLSv1.3`, `TLS_AES_256_GCM_SHA384`), read from its informational text.
    @exclusivity(unchecked) private(set) var tls: (version: String, cipher: String)?
    /// The SASL mechanism of the AUTH command sent (`PLAIN`): the word after AUTH, never what follows.
    @exclusivity(unchecked) private(set) var authMechanism: String?
    @exclusivity(unchecked) private var lastCommand = SMTPReply.Command.greeting
    /// The last command sent but QUIT, which libcurl sends as it closes a connection that
    /// failed: the command whose reply did not come.
    @exclusivity(unchecked) private var lastRequest = SMTPReply.Command.connection

    /// What the server was asked last and did not answer when a transfer failed: the greeting
    /// on a new connection, else the last command sent before any QUIT.
    var awaiting: SMTPReply.Command {
        lastRequest == .connection ? .greeting : lastRequest
    }
    /// The text of a multi-line reply so far, lines joined by a space.
    @exclusivity(unchecked) private var pendingText: [UInt8] = []
    /// The lines of a multi-line EHLO reply so far, each on its own (the extensions it names).
    @exclusivity(unchecked) private var pendingLines: [String] = []
    /// True while a message's replies come from the header callback (`expectMessage(to:)`).
    @exclusivity(unchecked) private(set) var readsHeaders = false
    /// The recipients whose RCPT is still to come, in order, each as libcurl sends it (`<address>`).
    @exclusivity(unchecked) private var recipientsLeft: ArraySlice<String> = []
    /// True once a RCPT was accepted: DATA follows the last one.
    @exclusivity(unchecked) private var recipientAccepted = false
    /// True when libcurl was about to open a connection while the replies were read from the
    /// header callback: the connection was abandoned, nothing sent (see `CurlEasy.send`).
    @exclusivity(unchecked) var connectionWanted = false

    func reset() {
        replies = []
        // A message's transfer has four replies (MAIL, RCPT, DATA, the end of the content):
        // room for them in one allocation rather than three.
        replies.reserveCapacity(4)
        dataStarted = false
        pendingText = []
        pendingLines = []
        tls = nil
        authMechanism = nil
        lastCommand = .connection
        lastRequest = .connection
        readsHeaders = false
        recipientsLeft = []
        recipientAccepted = false
        connectionWanted = false
    }

    /// Starts a message's transfer on the connection already open, its replies read from the
    /// header callback (`receivedHeader`): MAIL is the first command sent.
    /// - Parameter recipients: the RCPT addresses in order, each in angle brackets as libcurl
    ///   sends them (addresses are ASCII: `AddrSpec`).
    func expectMessage(to recipients: [String]) {
        reset()
        readsHeaders = true
        recipientsLeft = recipients[...]
        lastCommand = .mail
        lastRequest = .mail
    }

    /// A reply line from libcurl's header callback: read only for a message (`expectMessage`).
    func receivedHeader(_ bytes: UnsafeRawBufferPointer) {
        guard readsHeaders else { return }
        received(bytes)
    }

    /// After a complete reply to `command` (read from the header callback): the command libcurl
    /// sends next, as `sent(_:)` would have noted it.
    private func sendNext(after command: SMTPReply.Command, code: Int) {
        let accepted = code / 100 == 2
        switch command {
        case .mail where accepted, .rcpt:
            if case .rcpt = command, accepted { recipientAccepted = true }
            if let next = recipientsLeft.popFirst() {
                lastCommand = .rcpt(next)
            } else if recipientAccepted {
                lastCommand = .data
            } else {
                lastCommand = .quit
            }
        case .endOfData where code == 354:
            // The 354 to DATA: the content goes, then its end, whose reply is awaited.
            return
        default:
            // The transfer is over; libcurl may close the connection with a QUIT.
            lastCommand = .quit
        }
        if lastCommand != .quit { lastRequest = lastCommand }
    }

    /// Informational text from libcurl: only the line naming the TLS version is read
    /// ("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384"), which libcurl prints once per
    /// handshake, so other lines cost one comparison of their first byte.
    func information(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.first == 0x53 else { return }  // "S"
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = "SSL connection using "
        guard text.hasPrefix(prefix) else { return }
        let parts = text.dropFirst(prefix.count).split(separator: "/").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let version = parts.first, !version.isEmpty else { return }
        tls = (version, parts.count > 1 ? parts[1] : "")
    }

    /// The commands worth naming a reply after; other lines (the AUTH LOGIN exchange) are not read.
    private static let verbs: [(verb: String, command: SMTPReply.Command)] = [
        ("EHLO", .ehlo), ("HELO", .helo), ("STARTTLS", .startTLS), ("AUTH", .auth), ("MAIL", .mail),
        ("RCPT", .rcpt("")),
        ("DATA", .data), ("QUIT", .quit), ("RSET", .rset), ("NOOP", .noop),
    ]
    private static let verbKeys = verbs.map { key(Array($0.verb.utf8)[...]) }

    /// Up to 8 upper-cased ASCII bytes packed into one number, for a comparison without a String.
    private static func key<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var key: UInt64 = 0
        for byte in bytes.prefix(8) {
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            key = key << 8 | UInt64(upper)
        }
        return key
    }

    /// A command line libcurl sent, CRLF included.
    func sent(_ line: UnsafeRawBufferPointer) {
        let verbEnd = line.firstIndex { $0 == 0x20 || $0 == 0x0D || $0 == 0x0A } ?? line.count
        guard verbEnd >= 4, verbEnd <= 8, let verb = Self.verbKeys.firstIndex(of: Self.key(line[..<verbEnd])) else {
            return
        }
        if case .rcpt = Self.verbs[verb].command {
            let colon = line.firstIndex(of: 0x3A).map { $0 + 1 } ?? verbEnd
            let address = line[colon...].drop { $0 == 0x20 }.prefix { $0 != 0x0D && $0 != 0x0A }
            lastCommand = .rcpt(String(decoding: address, as: UTF8.self))
        } else {
            lastCommand = Self.verbs[verb].command
        }
        if lastCommand != .quit { lastRequest = lastCommand }
        if lastCommand == .auth {
            // "AUTH PLAIN <initial response>": only the mechanism's name is kept.
            let name = line[verbEnd...].drop { $0 == 0x20 }.prefix { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }
            authMechanism = String(decoding: name, as: UTF8.self)
        }
    }

    /// Reply lines from the server, each ending in CRLF (libcurl hands over one at a time).
    func received(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if !line.isEmpty { receivedLine(line) }
            start = end + 1
        }
    }

    private func receivedLine(_ line: Slice<UnsafeRawBufferPointer>) {
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
        let code = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        if !pendingText.isEmpty { pendingText.append(0x20) }
        pendingText.append(contentsOf: line.dropFirst(4))
        if lastCommand == .ehlo { pendingLines.append(ServerText.printable(Array(line.dropFirst(4)))) }
        // "250-" continues a multi-line reply; "250 " ends it.
        if line.count > 3 && line[line.startIndex + 3] == 0x2D { return }
        let command = replies.isEmpty && lastCommand == .connection ? .greeting : lastCommand
        let text = ServerText.printable(pendingText)
        pendingText.removeAll(keepingCapacity: true)
        let lines = pendingLines
        pendingLines = []
        // 334 carries AUTH challenges: not worth keeping.
        if code == 334 { return }
        replies.append(SMTPReply(command: command, code: code, text: text, lines: lines))
        if command == .data && code == 354 {
            dataStarted = true
            lastCommand = .endOfData
        }
        if readsHeaders { sendNext(after: lastCommand == .endOfData && code == 354 ? .endOfData : command, code: code) }
    }
}
