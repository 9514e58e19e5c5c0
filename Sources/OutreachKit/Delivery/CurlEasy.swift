import CCurl
import Foundation

/// One libcurl easy handle configured for SMTP: the only file that imports CCurl.
///
/// The handle keeps its connection between `send` calls, so a run uses one connection (and
/// one TLS handshake and one AUTH) for every message; libcurl reconnects when the server has
/// closed it. The handle is used from one thread at a time.
final class CurlEasy: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let transcript = Transcript()
    private var mailFrom: String?  // set once while it stays the same

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// - Parameters:
    ///   - url: `smtp://HOST:PORT` or `smtps://HOST:PORT`.
    ///   - ehloName: the name for EHLO.
    init(url: String, ehloName: String) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw DeliveryError.cannotConnect(host: url, port: 0, reason: "libcurl could not start")
        }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try set(CURLOPT_URL, string: "\(url)/\(ehloName)")
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_UPLOAD, 1)
        // Libcurl's debug stream is how the server's replies reach us (CURLOPT_VERBOSE enables it).
        try set(CURLOPT_VERBOSE, 1)
        try check(outreach_setopt_debug_callback(handle, debugCallback))
        try set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())
        try check(outreach_setopt_read_callback(handle, readCallback))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets the SMTP options for a run.
    /// - Parameters:
    ///   - requireStartTLS: upgrade with STARTTLS or fail (CURLUSESSL_ALL): no AUTH, no MAIL in clear.
    ///   - timeout: seconds for the connection and for every reply (greeting, after DATA).
    ///   - verify: check the certificate chain and the host name.
    ///   - caBundle: PEM certificates to trust instead of the default file (already holding it).
    ///   - credentials: nil for no AUTH.
    func configureSMTP(requireStartTLS: Bool, timeout: Int, verify: Bool, caBundle: [UInt8]?, credentials: Credentials?) throws {
        if requireStartTLS { try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        try set(CURLOPT_CONNECTTIMEOUT, timeout)
        // Bounds every wait for a reply: a silent greeting, and the reply after DATA.
        try set(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout)
        // libcurl 7.88 does not reconnect by itself after the server drops an idle connection.
        try set(CURLOPT_MAXAGE_CONN, 60)
        // Keep going when one RCPT is refused; the refusal is recorded against that address.
        try set(CURLoption(rawValue: 290), 1)  // CURLOPT_MAIL_RCPT_ALLOWFAILS (spelt ALLLOWFAILS in 7.88)
        try set(CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
        if let caBundle { try set(CURLOPT_CAINFO_BLOB, blob: caBundle) }
        if let credentials {
            if case .netrc = credentials.secret {} else { try set(CURLOPT_USERNAME, string: credentials.username) }
            switch credentials.secret {
            case .password(let password): try set(CURLOPT_PASSWORD, string: password)
            case .token(let token): try set(CURLOPT_XOAUTH2_BEARER, string: token)
            case .netrc:
                // libcurl 7.88 ignores the .netrc password once a user name is set: let it take both.
                try set(CURLOPT_NETRC, Int(CURL_NETRC_REQUIRED.rawValue))
            }
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(outreach_setopt_long(handle, option, value))
    }

    /// Sets a string option; libcurl copies it (since 7.17).
    private func set(_ option: CURLoption, string: String) throws {
        let bytes = ContiguousArray(string.utf8CString)
        try bytes.withUnsafeBufferPointer { buffer in try check(outreach_setopt_string(handle, option, buffer.baseAddress)) }
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(outreach_setopt_pointer(handle, option, pointer))
    }

    /// Sets a blob option; libcurl copies the bytes.
    private func set(_ option: CURLoption, blob: [UInt8]) throws {
        try blob.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            try check(outreach_setopt_blob(handle, option, base, raw.count))
        }
    }

    /// The CA bundle libcurl was built to use, when it has one.
    var defaultCAFile: String? {
        var value: UnsafeMutablePointer<CChar>?
        guard outreach_getinfo_string(handle, CURLINFO_CAINFO, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Sends one message: MAIL FROM, RCPT TO for each recipient, DATA with `message`.
    /// - Returns: what happened, with the server's replies (never the AUTH exchange).
    func send(from: String, to recipients: [String], message: [UInt8], freshConnection: Bool) -> CurlExchange {
        transcript.reset()
        errorBuffer[0] = 0
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let body = ReadState(message)
        var code = CURLE_OK
        do {
            if from != mailFrom {
                try set(CURLOPT_MAIL_FROM, string: "<\(from)>")
                mailFrom = from
            }
            try check(outreach_setopt_slist(handle, CURLOPT_MAIL_RCPT, list))
            try set(CURLOPT_INFILESIZE_LARGE, message.count)
            try set(CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)
            try set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(body).toOpaque())
            code = withExtendedLifetime(body) { curl_easy_perform(handle) }
        } catch let error as CurlOptionError {
            code = error.code
        } catch {
            code = CURLE_FAILED_INIT
        }
        var responseCode = 0
        _ = outreach_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let detail = String(cString: errorBuffer)
        return CurlExchange(
            code: Int(code.rawValue), text: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
            responseCode: responseCode, replies: transcript.replies, dataStarted: transcript.dataStarted,
            bodySent: body.offset == message.count)
    }

    private func check(_ code: CURLcode) throws {
        if code != CURLE_OK { throw CurlOptionError(code: code) }
    }
}

private struct CurlOptionError: Error {
    var code: CURLcode
}

/// What one `curl_easy_perform` did.
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

/// One server reply: the command it answered (`greeting`, `EHLO`, `MAIL`, `RCPT <addr>`, ...),
/// the code and the text of all its lines.
struct SMTPReply: Sendable, Equatable {
    var command: String
    var code: Int
    var text: String
}

/// Collects the SMTP dialogue from libcurl's debug stream. What we send is reduced to the
/// command verb (and the address for MAIL and RCPT): AUTH lines never leave this class.
final class Transcript: @unchecked Sendable {
    private(set) var replies: [SMTPReply] = []
    private(set) var dataStarted = false
    private var lastCommand = "greeting"
    private var pendingLines: [String] = []

    func reset() {
        replies = []
        dataStarted = false
        pendingLines = []
        lastCommand = "connection"
    }

    private static let verbs: Set<String> = ["EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP"]

    func sent(_ line: String) {
        // Characters, not bytes: "\r\n" is one Character, which `isWhitespace` covers.
        let verb = line.prefix { !$0.isWhitespace }.uppercased()
        // Lines that are not a command (the AUTH LOGIN exchange) are never looked at.
        guard Self.verbs.contains(verb) else { return }
        if verb == "RCPT" {
            let address = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            lastCommand = "RCPT \(address)"
        } else {
            lastCommand = verb
        }
    }

    func received(_ text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = String(raw)
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            pendingLines.append(String(line.dropFirst(4)))
            // "250-" continues a multi-line reply; "250 " ends it.
            if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            let command = replies.isEmpty && lastCommand == "connection" ? "greeting" : lastCommand
            let text = pendingLines.joined(separator: " ")
            pendingLines = []
            // 334 carries AUTH challenges: not worth keeping.
            if code == 334 { continue }
            replies.append(SMTPReply(command: command, code: code, text: text))
            if command == "DATA" && code == 354 {
                dataStarted = true
                lastCommand = "end of data"
            }
        }
    }
}

/// The message bytes handed to libcurl's read callback.
private final class ReadState {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

private let readCallback: outreach_read_callback = { buffer, size, count, context in
    guard let context else { return 0 }
    let state = Unmanaged<ReadState>.fromOpaque(context).takeUnretainedValue()
    let room = size * count
    let length = min(room, state.bytes.count - state.offset)
    if length <= 0 { return 0 }
    state.bytes.withUnsafeBufferPointer { source in
        guard let base = source.baseAddress else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + state.offset, byteCount: length)
    }
    state.offset += length
    return length
}

private let debugCallback: outreach_debug_callback = { _, type, data, size, context in
    guard let context else { return 0 }
    // Only the dialogue's lines are read; the message body (DATA_OUT) is not even decoded.
    guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
    let transcript = Unmanaged<Transcript>.fromOpaque(context).takeUnretainedValue()
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    if type == CURLINFO_HEADER_IN { transcript.received(text) } else { transcript.sent(text) }
    return 0
}
