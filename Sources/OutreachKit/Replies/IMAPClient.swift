import Foundation

/// A read-only IMAP client: `EXAMINE` and `UID FETCH` with `BODY.PEEK` only, so no flag, no
/// message and no mailbox changes. One connection (one TLS handshake, one login) serves the run;
/// when libcurl had to open another, the mailbox is examined again before going on.
final class IMAPClient {
    let settings: IMAPSettings
    private let curl: CurlIMAP
    private var examined: String?

    /// The header fields read for every new message: enough to match it to a letter and to
    /// tell a reply from an automatic one or a delivery report.
    static let headerFields = [
        "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES", "FROM", "DATE", "SUBJECT", "CONTENT-TYPE", "AUTO-SUBMITTED",
        "X-AUTOREPLY", "X-AUTORESPOND", "X-AUTORESPONDER", "PRECEDENCE", "X-AUTO-RESPONSE-SUPPRESS",
        "X-FAILED-RECIPIENTS",
        "RETURN-PATH",
    ]
    /// The most of a message's header read, in bytes: the fields above fit many times over.
    static let headerLimit = 65_536
    /// The most of a matching message read, in bytes: the text of a reply and a delivery
    /// report's parts come first; a 50 MB attachment is never downloaded. (It also keeps the
    /// reply under libcurl 7.88's 300 KB for one command.)
    static let messageLimit = 262_144

    /// - Throws: `MailboxError.badSetting` for an unreadable CA file; `.cannotConnect` when
    ///   libcurl cannot start.
    init(settings: IMAPSettings, credentials: Credentials) throws {
        self.settings = settings
        var caBundle: [UInt8]?
        do {
            // Made once without the bundle to learn the system's CA file, then for good.
            if let extraFile = settings.caFile {
                guard let extra = FileManager.default.contents(atPath: extraFile) else {
                    throw MailboxError.badSetting(
                        key: "imap.ca_file", value: extraFile, reason: "is not a readable file",
                        hint: "give the path of a PEM file of CA certificates")
                }
                let probe = try CurlIMAP(
                    url: settings.connectionURL, requireStartTLS: false, timeout: 1, caBundle: nil,
                    credentials: credentials)
                var bundle: [UInt8] = []
                if let system = probe.defaultCAFile, let systemBundle = FileManager.default.contents(atPath: system) {
                    bundle += systemBundle + [0x0A]
                }
                caBundle = bundle + extra
            }
            curl = try CurlIMAP(
                url: settings.connectionURL, requireStartTLS: settings.security == .starttls, timeout: settings.timeout,
                caBundle: caBundle,
                credentials: credentials)
        } catch let error as CurlIMAP.SetupError {
            throw MailboxError.cannotConnect(host: settings.host, port: settings.port, reason: error.reason)
        } catch let error as CurlOptions.Refused {
            throw MailboxError.cannotConnect(host: settings.host, port: settings.port, reason: error.reason)
        }
    }

    /// Opens `mailbox` read-only.
    /// - Throws: `MailboxError.noSuchMailbox` when the server refuses it; connection, TLS and
    ///   login errors.
    func examine(_ mailbox: String) throws -> MailboxStatus {
        let reply = try run("EXAMINE \(IMAPMailboxName.quoted(mailbox))", mailbox: mailbox)
        examined = mailbox
        guard let validity = reply.uidValidity else {
            throw MailboxError.serverRefused(
                host: settings.host, command: "EXAMINE", reply: "no UIDVALIDITY in the reply")
        }
        return MailboxStatus(uidValidity: validity, uidNext: reply.uidNext ?? 0, exists: reply.exists ?? 0)
    }

    /// Messages listed in one command. libcurl 7.88 (Debian's, with the fix for CVE-2023-38039)
    /// counts a custom request's reply against its 300 KB limit for response headers, by an
    /// amount that grows with how the reply arrives (seen failing from 140 to 300 lines of 60
    /// bytes): a page or batch it refuses is asked for again in halves, down to one message.
    static let listPage = 250

    /// The UIDs above `uid` in the examined mailbox, ascending, with their INTERNALDATE.
    ///
    /// UIDs grow with sequence numbers (RFC 3501 §2.3.1.1), so the new messages are the last
    /// ones: the first of them is found by a binary search on sequence numbers (a `FETCH n (UID)`
    /// per step), then they are listed by pages of sequence numbers. Nothing is fetched when
    /// UIDNEXT says nothing came.
    func uids(after uid: Int, status: MailboxStatus) throws -> [(uid: Int, internalDate: String?)] {
        guard status.exists > 0, status.uidNext == 0 || status.uidNext > uid + 1 else { return [] }
        var low = 1
        var high = status.exists + 1
        if uid > 0 {
            while low < high {
                let middle = (low + high) / 2
                let reply = try run("FETCH \(middle) (UID)")
                guard let found = reply.fetches.first(where: { $0.sequence == middle })?.uid else {
                    throw MailboxError.serverRefused(
                        host: settings.host, command: "FETCH", reply: "no UID for message \(middle)")
                }
                if found > uid { high = middle } else { low = middle + 1 }
            }
        }
        var found: [(uid: Int, internalDate: String?)] = []
        var start = low
        while start <= status.exists {
            let end = min(start + Self.listPage - 1, status.exists)
            found += try list(start...end).filter { $0.uid > uid }
            start = end + 1
        }
        return found.sorted { $0.uid < $1.uid }
    }

    /// UID and INTERNALDATE of the messages `range` (sequence numbers), halving a range whose
    /// reply libcurl refuses.
    private func list(_ range: ClosedRange<Int>) throws -> [(uid: Int, internalDate: String?)] {
        do {
            let reply = try run("FETCH \(range.lowerBound):\(range.upperBound) (UID INTERNALDATE)")
            return reply.fetches.compactMap { fetch in fetch.uid.map { ($0, fetch.internalDate) } }
        } catch let error as Oversized {
            guard range.count > 1 else {
                throw MailboxError.serverRefused(host: settings.host, command: "FETCH", reply: error.reason)
            }
            let middle = range.lowerBound + range.count / 2
            return try list(range.lowerBound...(middle - 1)) + list(middle...range.upperBound)
        }
    }

    /// The header fields `headerFields` of the messages `uids`, with their flags. A batch whose
    /// reply libcurl refuses is fetched again in halves, down to single messages (each at most
    /// `headerLimit` bytes).
    /// - Returns: what came, and the UIDs that could not be fetched even alone, with why.
    func headers(uids: [Int]) throws -> (fetches: [IMAPReply.Fetch], unreadable: [(uid: Int, reason: String)]) {
        guard !uids.isEmpty else { return ([], []) }
        let fields = Self.headerFields.joined(separator: " ")
        do {
            let reply = try run(
                "UID FETCH \(Self.sequenceSet(uids)) (UID FLAGS BODY.PEEK[HEADER.FIELDS (\(fields))]<0.\(Self.headerLimit)>)"
            )
            let wanted = Set(uids)
            return (reply.fetches.filter { $0.uid.map(wanted.contains) ?? false }, [])
        } catch let error as Oversized {
            guard uids.count > 1 else { return ([], [(uids[0], error.reason)]) }
            let half = uids.count / 2
            let first = try headers(uids: Array(uids[..<half]))
            let second = try headers(uids: Array(uids[half...]))
            return (first.fetches + second.fetches, first.unreadable + second.unreadable)
        } catch let error as Unreadable {
            guard uids.count > 1 else { return ([], [(uids[0], error.reason)]) }
            let half = uids.count / 2
            let first = try headers(uids: Array(uids[..<half]))
            let second = try headers(uids: Array(uids[half...]))
            return (first.fetches + second.fetches, first.unreadable + second.unreadable)
        }
    }

    /// The first `messageLimit` bytes of message `uid` (header and body), and its size.
    /// - Returns: nil when the server sent nothing for it (deleted meanwhile).
    /// - Throws: `IMAPClient.Unreadable` when its reply cannot be read (the connection is then
    ///   replaced); connection errors.
    func message(uid: Int) throws -> (bytes: [UInt8], size: Int?)? {
        let reply: IMAPReply
        do {
            reply = try run("UID FETCH \(uid) (UID RFC822.SIZE BODY.PEEK[]<0.\(Self.messageLimit)>)")
        } catch let error as Oversized {
            throw Unreadable(reason: error.reason)
        }
        guard let fetch = reply.fetches.first(where: { $0.uid == uid }) else { return nil }
        return (fetch.sections[""] ?? [], fetch.size)
    }

    /// A reply that could not be read: what was wrong with it.
    struct Unreadable: Error {
        var reason: String
    }

    /// A reply larger than libcurl takes in one command ("Too large response headers").
    struct Oversized: Error {
        var reason: String
    }

    /// `1:3,7,9:10`: ascending UIDs as runs.
    static func sequenceSet(_ uids: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = uids.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// Runs a command, examining the mailbox again first when the connection had to be opened
    /// anew, and turns libcurl's result into a reply or an error.
    private func run(_ command: String, mailbox: String? = nil) throws -> IMAPReply {
        var exchange = curl.run(command)
        if exchange.newConnection, mailbox == nil, let examined {
            // The mailbox examined before was on the old connection.
            _ = try run("EXAMINE \(IMAPMailboxName.quoted(examined))", mailbox: examined)
            exchange = curl.run(command)
        }
        let reply = IMAPReply(exchange.bytes)
        let host = settings.host
        let port = settings.port
        let serverText = Self.shown(reply.text)
        let verb = command.split(separator: " ").prefix(command.hasPrefix("UID") ? 2 : 1).joined(separator: " ")
        if exchange.code != .ok && exchange.text.contains("Too large response headers") {
            throw Oversized(reason: Self.shown(exchange.text))
        }
        switch exchange.code {
        case .ok:
            if exchange.overflowed {
                throw MailboxError.serverRefused(
                    host: host, command: verb, reply: "a reply of more than \(CurlIMAP.maximumResponse >> 20) MB")
            }
            guard reply.complete else {
                // The connection may be out of step with the commands: the next starts afresh.
                _ = curl.run("NOOP", freshConnection: true)
                if let examined { _ = try? run("EXAMINE \(IMAPMailboxName.quoted(examined))", mailbox: examined) }
                throw Unreadable(reason: reply.problem ?? "the reply could not be read")
            }
            if reply.status != "OK" {
                throw MailboxError.serverRefused(
                    host: host, command: verb, reply: "\(reply.status ?? "") \(serverText)")
            }
            return reply
        case .quoteError:
            if let mailbox, command.hasPrefix("EXAMINE") {
                throw MailboxError.noSuchMailbox(mailbox: mailbox, reply: "\(reply.status ?? "NO") \(serverText)")
            }
            throw MailboxError.serverRefused(host: host, command: verb, reply: "\(reply.status ?? "NO") \(serverText)")
        case .loginDenied:
            throw MailboxError.loginRefused(
                host: host, user: settings.username, reply: serverText.isEmpty ? Self.shown(exchange.text) : serverText)
        case .useSSLFailed:
            throw MailboxError.startTLSUnavailable(host: host, port: port)
        // TLS from the first byte met a plain-text greeting ("* OK" read as a TLS record with a
        // wrong version): the 993/143 mix-up, as `send` tells the 465/587 one.
        case .sslConnectError
        where settings.security == .tls && exchange.bytes.isEmpty
            && ["wrong version number", "packet length too long", "record layer", "unknown protocol"].contains(
                where: exchange.text.lowercased().contains):
            throw MailboxError.implicitTLSOnPlainPort(host: host, port: port)
        case let code where code.isTLSFailure:
            throw MailboxError.tlsFailed(host: host, port: port, reason: Self.shown(exchange.text))
        case .couldNotResolveHost, .couldNotConnect:
            throw MailboxError.cannotConnect(host: host, port: port, reason: Self.shown(exchange.text))
        case .operationTimedOut where exchange.bytes.isEmpty:
            // A plain connection to the IMAPS port waits for a greeting that never comes: the
            // port is asked whether it speaks TLS (one handshake, nothing of the person's sent).
            if settings.security != .tls
                && (port == 993
                    || CurlTLSProbe.probe(host: host, port: port, timeout: settings.timeout) == .speaksTLS)
            {
                throw MailboxError.plainOnImplicitTLSPort(host: host, port: port, seconds: settings.timeout)
            }
            throw MailboxError.cannotConnect(
                host: host, port: port, reason: "no greeting within \(settings.timeout) seconds")
        default:
            if !reply.text.isEmpty && reply.status == nil {
                // The server said BYE.
                throw MailboxError.connectionLost(host: host, port: port, reason: "BYE \(serverText)")
            }
            throw MailboxError.connectionLost(host: host, port: port, reason: Self.shown(exchange.text))
        }
    }

    /// Server text as it may be shown: control characters (a terminal's escape sequences)
    /// replaced by U+FFFD, at most 300 characters.
    static func shown(_ text: String) -> String {
        let printable = ServerText.printable(Array(text.utf8))
        return printable.count > 300 ? String(printable.prefix(300)) + "…" : printable
    }
}
