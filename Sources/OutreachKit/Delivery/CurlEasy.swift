import CCurl
import Foundation

/// One libcurl easy handle configured for SMTP: with `CurlIMAP` and `CurlDownload` (HTTPS), the
/// only files that import CCurl.
///
/// The handle keeps its connection between `send` calls, so a run uses one connection (and
/// one TLS handshake and one AUTH) for every message; libcurl reconnects when the server has
/// closed it. The handle is used from one thread at a time.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// Holds the connection between transfers; drives one transfer at a time. Replaced when
    /// the connections are closed (`closeConnections(grace:)`).
    private var multi: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let transcript = SMTPTranscript()
    private var mailFrom: String?  // set once while it stays the same
    /// Seconds to wait for each reply (`smtp.timeout`).
    private var replyTimeout = 30
    /// The EHLO name in the URL of the last `open`.
    private var ehloName = ""

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Makes the handle; the URL is given to each `open`.
    /// - Throws: `DeliveryError.cannotConnect` when libcurl cannot make a handle; `OptionError`
    ///   when it refuses an option.
    init() throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw DeliveryError.cannotConnect(host: "", port: 0, reason: "libcurl could not start")
        }
        guard let multi = curl_multi_init() else {
            curl_easy_cleanup(handle)
            throw DeliveryError.cannotConnect(host: "", port: 0, reason: "libcurl could not start")
        }
        self.handle = handle
        self.multi = multi
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_UPLOAD, 1)
        // Libcurl's debug stream is how the server's replies reach us (CURLOPT_VERBOSE enables it).
        try set(CURLOPT_VERBOSE, 1)
        try check(outreach_setopt_debug_callback(handle, Self.debugCallback))
        try set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())
        try check(outreach_setopt_read_callback(handle, Self.readCallback))
        // NOOP's reply would otherwise be written to standard output: it is in the transcript.
        try check(outreach_setopt_write_callback(handle, Self.discardCallback))
    }

    /// The URL libcurl is given: scheme, host (an IPv6 address in brackets), port, and the EHLO
    /// name as the path, which libcurl percent-decodes and sends (RFC 5321 §4.1.1.1). Every byte
    /// outside RFC 3986's unreserved characters is percent-encoded, so that no name can end the
    /// URL early (a `#` would start a fragment) or reach the server as other bytes.
    static func smtpURL(scheme: String, host: String, port: Int, ehloName: String) -> String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var path = ""
        for byte in ehloName.utf8 {
            let unreserved =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            path += unreserved ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return "\(scheme)://\(bracketed):\(port)/\(path)"
    }

    deinit {
        // The QUIT of a connection still open waits at most a second or two, not a whole timeout.
        closeConnections(grace: 2)
        curl_easy_cleanup(handle)
        curl_multi_cleanup(multi)
        errorBuffer.deallocate()
    }

    /// Sets the SMTP options for a run.
    /// - Parameters:
    ///   - requireStartTLS: upgrade with STARTTLS or fail (CURLUSESSL_ALL): no AUTH, no MAIL in clear.
    ///   - timeout: seconds for the connection and for every reply (greeting, after DATA).
    ///   - verify: check the certificate chain and the host name.
    ///   - caBundle: PEM certificates to trust instead of the default file (already holding it).
    ///   - credentials: nil for no AUTH.
    /// - Throws: `OptionError` with libcurl's code when it refuses an option.
    func configureSMTP(requireStartTLS: Bool, timeout: Int, verify: Bool, caBundle: [UInt8]?, credentials: Credentials?)
        throws
    {
        if requireStartTLS { try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        replyTimeout = timeout
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
        try bytes.withUnsafeBufferPointer { buffer in
            try check(outreach_setopt_string(handle, option, buffer.baseAddress))
        }
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

    /// Sends one message: MAIL FROM, RCPT TO for each recipient, DATA with the content
    /// `work` gives when it is due.
    ///
    /// The transfer runs on libcurl's multi interface so that `work` runs while the server
    /// answers: one step each time libcurl is waiting for a reply, libcurl reading what has
    /// come between steps. (libcurl 7.88 waits for the reply to the end of the content inside
    /// one call, so the steps run while MAIL, RCPT and DATA are answered.)
    /// - Returns: what happened, with the server's replies (never the AUTH exchange).
    func send(from: String, to recipients: [String], work: WaitingWork) -> CurlExchange {
        transcript.reset()
        errorBuffer[0] = 0
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let body = ReadState(work: work)
        var code = CURLE_OK
        do {
            if from != mailFrom {
                try set(CURLOPT_MAIL_FROM, string: "<\(from)>")
                mailFrom = from
            }
            try check(outreach_setopt_slist(handle, CURLOPT_MAIL_RCPT, list))
            try set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(body).toOpaque())
            code = withExtendedLifetime(body) { perform(body) }
        } catch let error as OptionError {
            code = error.code
        } catch {
            code = CURLE_FAILED_INIT
        }
        body.runSteps()
        var exchange = finished(code)
        exchange.bodySent = body.contentSent
        exchange.contentWithheld = body.withheld
        return exchange
    }

    /// Opens a new connection to `url` (see `smtpURL`): the greeting, EHLO, STARTTLS and EHLO
    /// again when required, AUTH when credentials are set, then NOOP, which ends the transfer
    /// on a live connection with nothing sent (RFC 5321 §4.1.1.9). The next `send` reuses it.
    /// - Parameters:
    ///   - url: the server's URL with the EHLO name as its path.
    ///   - ehloName: that name, for the exchange.
    /// - Returns: the replies, with what the connection is (TLS version, certificate, AUTH
    ///   mechanism); `certificate` only when a TLS handshake took place.
    func open(url: String, ehloName: String) -> CurlExchange {
        transcript.reset()
        errorBuffer[0] = 0
        self.ehloName = ehloName
        var code = CURLE_OK
        do {
            try set(CURLOPT_URL, string: url)
            try set(CURLOPT_FRESH_CONNECT, 1)
            try set(CURLOPT_UPLOAD, 0)
            try check(outreach_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil))
            try set(CURLOPT_CUSTOMREQUEST, string: "NOOP")
            try set(CURLOPT_CERTINFO, 1)
            code = perform(nil)
            try set(CURLOPT_CERTINFO, 0)
            try set(CURLOPT_CUSTOMREQUEST, pointer: nil)
            try set(CURLOPT_UPLOAD, 1)
            try set(CURLOPT_FRESH_CONNECT, 0)
        } catch let error as OptionError {
            code = error.code
        } catch {
            code = CURLE_FAILED_INIT
        }
        var exchange = finished(code)
        exchange.certificate = certificate()
        return exchange
    }

    /// The exchange for a transfer that ended with `code`, from the transcript.
    private func finished(_ code: CURLcode) -> CurlExchange {
        var responseCode = 0
        _ = outreach_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let detail = String(cString: errorBuffer)
        var exchange = CurlExchange(
            code: Code(code), text: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
            responseCode: responseCode, replies: transcript.replies, dataStarted: transcript.dataStarted,
            bodySent: false)
        exchange.ehloName = ehloName
        exchange.tls = transcript.tls
        exchange.authMechanism = transcript.authMechanism
        var local: UnsafeMutablePointer<CChar>?
        if outreach_getinfo_string(handle, CURLINFO_LOCAL_IP, &local) == CURLE_OK, let local {
            exchange.localAddress = String(cString: local)
        }
        return exchange
    }

    /// The server's certificate from the last handshake (CURLOPT_CERTINFO), when there was one.
    private func certificate() -> ServerCertificate? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard outreach_getinfo_certinfo(handle, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0,
            let lists = info.pointee.certinfo
        else { return nil }
        var fields: [String: String] = [:]
        var item = lists[0]
        while let node = item {
            if let data = node.pointee.data {
                let text = String(cString: data)
                if let colon = text.firstIndex(of: ":") {
                    fields[String(text[..<colon])] = String(text[text.index(after: colon)...])
                }
            }
            item = node.pointee.next
        }
        return ServerCertificate(
            subject: fields["Subject"] ?? "", issuer: fields["Issuer"] ?? "", expiry: fields["Expire date"] ?? "")
    }

    /// The address of the local end of the last connection (`CURLINFO_LOCAL_IP`), when known.
    var localAddress: String? {
        var local: UnsafeMutablePointer<CChar>?
        guard outreach_getinfo_string(handle, CURLINFO_LOCAL_IP, &local) == CURLE_OK, let local else { return nil }
        let text = String(cString: local)
        return text.isEmpty ? nil : text
    }

    /// Closes every connection the handle holds. libcurl ends each with a QUIT and waits for its
    /// reply as long as the reply timeout of the handle last added to the multi handle (which
    /// lends its timeouts to the handle that closes connections): it is set to `grace` seconds
    /// for that, so that a server that stopped answering costs `grace` seconds, not another
    /// whole `smtp.timeout`. A new multi handle holds the next connection.
    /// - Parameter grace: seconds to wait for each QUIT's reply.
    func closeConnections(grace: Int) {
        _ = outreach_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, grace)
        if curl_multi_add_handle(multi, handle) == CURLM_OK { curl_multi_remove_handle(multi, handle) }
        curl_multi_cleanup(multi)
        if let fresh = curl_multi_init() { multi = fresh }
        _ = outreach_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, replyTimeout)
    }

    /// Runs one transfer to its end, doing a step of `body`'s work (if any) whenever libcurl waits.
    private func perform(_ body: ReadState?) -> CURLcode {
        guard curl_multi_add_handle(multi, handle) == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { curl_multi_remove_handle(multi, handle) }
        var running: Int32 = 1
        while true {
            guard curl_multi_perform(multi, &running) == CURLM_OK else { return CURLE_FAILED_INIT }
            if running == 0 { break }
            // libcurl is waiting for the server: use the time, then see whether it answered.
            if body?.runNextStep() == true { continue }
            // The wait is bounded by libcurl's own timers (connect and reply timeouts) too.
            guard curl_multi_poll(multi, nil, 0, 1000, nil) == CURLM_OK else { return CURLE_FAILED_INIT }
        }
        return outreach_multi_result(multi)
    }

    private func check(_ code: CURLcode) throws {
        if code != CURLE_OK { throw OptionError(code: code) }
    }
}

extension CurlEasy {
    /// libcurl's result for a transfer (its CURLcode), by the names curl.h gives: the codes
    /// `DeliveryOutcome` tells apart, and `other` for the rest.
    enum Code: Sendable, Equatable {
        /// CURLE_OK: the server answered the end of the content with 2xx.
        case ok
        /// CURLE_COULDNT_RESOLVE_HOST
        case couldNotResolveHost
        /// CURLE_COULDNT_CONNECT
        case couldNotConnect
        /// CURLE_OPERATION_TIMEDOUT: no connection, or no reply, within `smtp.timeout`.
        case operationTimedOut
        /// CURLE_SSL_CONNECT_ERROR: the TLS handshake failed.
        case sslConnectError
        /// CURLE_PEER_FAILED_VERIFICATION: the certificate or the host name was not trusted.
        case peerFailedVerification
        /// CURLE_USE_SSL_FAILED: STARTTLS was required and the server did not offer it.
        case useSSLFailed
        /// CURLE_LOGIN_DENIED: the server refused AUTH (or the IMAP LOGIN).
        case loginDenied
        /// CURLE_QUOTE_ERROR: the IMAP server answered a custom command with NO or BAD.
        case quoteError
        /// CURLE_SSL_CACERT_BADFILE: the CA bundle could not be read.
        case sslCACertBadFile
        /// CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR,
        /// CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS: other TLS failures.
        case sslOther
        /// Any other code, by its number.
        case other(Int)

        /// True for the codes that mean TLS failed.
        var isTLSFailure: Bool {
            switch self {
            case .sslConnectError, .peerFailedVerification, .sslCACertBadFile, .sslOther: return true
            default: return false
            }
        }

        init(_ code: CURLcode) {
            switch code {
            case CURLE_OK: self = .ok
            case CURLE_COULDNT_RESOLVE_HOST: self = .couldNotResolveHost
            case CURLE_COULDNT_CONNECT: self = .couldNotConnect
            case CURLE_OPERATION_TIMEDOUT: self = .operationTimedOut
            case CURLE_SSL_CONNECT_ERROR: self = .sslConnectError
            case CURLE_PEER_FAILED_VERIFICATION: self = .peerFailedVerification
            case CURLE_USE_SSL_FAILED: self = .useSSLFailed
            case CURLE_LOGIN_DENIED: self = .loginDenied
            case CURLE_QUOTE_ERROR: self = .quoteError
            case CURLE_SSL_CACERT_BADFILE: self = .sslCACertBadFile
            case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
                CURLE_SSL_INVALIDCERTSTATUS:
                self = .sslOther
            default: self = .other(Int(code.rawValue))
            }
        }
    }
}

extension CurlEasy {
    private struct OptionError: Error {
        var code: CURLcode
    }

    /// The work to do while waiting, and the content handed to libcurl's read callback.
    private final class ReadState {
        private(set) var bytes: [UInt8] = []
        var offset = 0
        private var steps: ArraySlice<() -> Void>
        private var neededBeforeContent: Int
        private var content: (() -> [UInt8]?)?
        /// True when `content` gave nothing.
        private(set) var withheld = false

        init(work: WaitingWork) {
            steps = work.steps[...]
            neededBeforeContent = work.neededBeforeContent
            content = work.content
        }

        /// True when the content was asked for and every byte of it handed to libcurl.
        var contentSent: Bool { content == nil && !withheld && offset == bytes.count }

        /// Runs the next step; false when none is left.
        func runNextStep() -> Bool {
            guard let step = steps.popFirst() else { return false }
            neededBeforeContent -= 1
            step()
            return true
        }

        func runSteps() {
            while runNextStep() {}
        }

        /// Before the first byte: the steps it needs done, then the content, or nothing. Asked once.
        func startContent() -> Bool {
            guard let content else { return !withheld }
            self.content = nil
            while neededBeforeContent > 0 && runNextStep() {}
            if let given = content() {
                bytes = given
            } else {
                withheld = true
            }
            return !withheld
        }
    }

    private static let readCallback: outreach_read_callback = { buffer, size, count, context in
        guard let context else { return 0 }
        let state = Unmanaged<ReadState>.fromOpaque(context).takeUnretainedValue()
        guard state.startContent() else { return Int(CURL_READFUNC_ABORT) }
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

    private static let discardCallback: outreach_data_callback = { _, size, count, _ in size * count }

    private static let debugCallback: outreach_debug_callback = { _, type, data, size, context in
        guard let context else { return 0 }
        // Only the dialogue's lines and libcurl's own notes are read; the message body
        // (DATA_OUT) and the TLS records are not even decoded.
        guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT || type == CURLINFO_TEXT else { return 0 }
        let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size)
        switch type {
        case CURLINFO_HEADER_IN: transcript.received(bytes)
        case CURLINFO_HEADER_OUT: transcript.sent(bytes)
        default: transcript.information(bytes)
        }
        return 0
    }
}
