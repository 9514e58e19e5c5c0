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
    /// The same multi handle, for wake-ups from other threads (`waker`).
    private let wakeTarget: Waker
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let transcript = SMTPTranscript()
    private var mailFrom: String?  // set once while it stays the same
    /// Seconds to wait for each reply (`smtp.timeout`).
    private var replyTimeout = 30
    /// The EHLO name in the URL of the last `open`.
    private var ehloName = ""
    /// Whether libcurl's debug stream is on (`CURLOPT_VERBOSE`): for opening a connection, not
    /// for a message on one (`SMTPTranscript.expectMessage`).
    private var verbose = true

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Makes the handle; the URL is given to each `open`.
    /// - Throws: `DeliveryError.cannotConnect` when libcurl cannot make a handle; `CurlOptions.Refused`
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
        wakeTarget = Waker(multi: multi)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try options.set(CURLOPT_NOSIGNAL, 1)
        try options.set(CURLOPT_UPLOAD, 1)
        // Libcurl's debug stream is how the dialogue of opening a connection reaches us
        // (CURLOPT_VERBOSE enables it); a message's replies come by the header callback.
        let transcriptPointer = Unmanaged.passUnretained(transcript).toOpaque()
        try options.set(CURLOPT_VERBOSE, 1)
        try options.check(outreach_setopt_debug_callback(handle, Self.debugCallback))
        try options.set(CURLOPT_DEBUGDATA, pointer: transcriptPointer)
        try options.check(outreach_setopt_header_callback(handle, Self.headerCallback))
        try options.set(CURLOPT_HEADERDATA, pointer: transcriptPointer)
        try options.check(outreach_setopt_sockopt_callback(handle, Self.sockoptCallback))
        try options.set(CURLOPT_SOCKOPTDATA, pointer: transcriptPointer)
        try options.check(outreach_setopt_read_callback(handle, Self.readCallback))
        // libcurl 7.88 waits for the reply to the end of a message inside curl_multi_perform;
        // its progress callback, about once a second there, lets the waiting work go on.
        try options.set(CURLOPT_NOPROGRESS, 0)
        try options.check(outreach_setopt_xferinfo_callback(handle, Self.progressCallback))
        // NOOP's reply would otherwise be written to standard output: it is in the transcript.
        try options.check(outreach_setopt_write_callback(handle, Self.discardCallback))
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
        wakeTarget.replace(with: nil)
        errorBuffer.deallocate()
    }

    /// Sets the SMTP options for a run.
    /// - Parameters:
    ///   - requireStartTLS: upgrade with STARTTLS or fail (CURLUSESSL_ALL): no AUTH, no MAIL in clear.
    ///   - timeout: seconds for the connection and for every reply (greeting, after DATA).
    ///   - verify: check the certificate chain and the host name.
    ///   - caBundle: PEM certificates to trust instead of the default file (already holding it).
    ///   - credentials: nil for no AUTH.
    /// - Throws: `CurlOptions.Refused` with libcurl's code when it refuses an option.
    func configureSMTP(requireStartTLS: Bool, timeout: Int, verify: Bool, caBundle: [UInt8]?, credentials: Credentials?)
        throws
    {
        if requireStartTLS { try options.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        replyTimeout = timeout
        try options.set(CURLOPT_CONNECTTIMEOUT, timeout)
        // Bounds every wait for a reply: a silent greeting, and the reply after DATA.
        try options.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout)
        // libcurl 7.88 does not reconnect by itself after the server drops an idle connection.
        try options.set(CURLOPT_MAXAGE_CONN, 60)
        // Keep going when one RCPT is refused; the refusal is recorded against that address.
        try options.set(CURLoption(rawValue: 290), 1)  // CURLOPT_MAIL_RCPT_ALLOWFAILS (spelt ALLLOWFAILS in 7.88)
        try options.set(CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        try options.set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
        if let caBundle { try options.set(CURLOPT_CAINFO_BLOB, blob: caBundle) }
        if let credentials {
            // Always the configured user: a password from ~/.netrc is read by `Credentials`
            // for that user only, never left to libcurl (which may pick another login).
            try options.set(CURLOPT_USERNAME, string: credentials.username)
            switch credentials.secret {
            case .password(let password): try options.set(CURLOPT_PASSWORD, string: password)
            case .token(let token): try options.set(CURLOPT_XOAUTH2_BEARER, string: token)
            }
        }
    }

    private var options: CurlOptions { CurlOptions(handle: handle) }

    /// Turns libcurl's debug stream on or off, when it is not already.
    /// - Throws: `CurlOptions.Refused`.
    private func setVerbose(_ on: Bool) throws {
        guard on != verbose else { return }
        try options.set(CURLOPT_VERBOSE, on ? 1 : 0)
        verbose = on
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
    ///
    /// The server's replies are read from libcurl's header callback, its debug stream off
    /// (`SMTPTranscript.expectMessage`); a transfer that has to open a connection (libcurl
    /// found the open one closed) is abandoned before it connects and runs again with the
    /// debug stream, which tells the new connection's dialogue apart.
    /// - Returns: what happened, with the server's replies (never the AUTH exchange).
    func send(from: String, to recipients: [String], work: WaitingWork) -> CurlExchange {
        errorBuffer[0] = 0
        let bracketed = recipients.map { "<\($0)>" }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in bracketed { list = curl_slist_append(list, recipient) }
        defer { curl_slist_free_all(list) }
        transcript.expectMessage(to: bracketed)
        let body = ReadState(work: work)
        var code = CURLE_OK
        do {
            if from != mailFrom {
                try options.set(CURLOPT_MAIL_FROM, string: "<\(from)>")
                mailFrom = from
            }
            try options.check(outreach_setopt_slist(handle, CURLOPT_MAIL_RCPT, list))
            try options.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(body).toOpaque())
            try options.set(CURLOPT_XFERINFODATA, pointer: Unmanaged.passUnretained(body).toOpaque())
            try setVerbose(false)
            code = withExtendedLifetime(body) { perform(body) }
            if transcript.connectionWanted {
                // The connection was found closed and libcurl was about to open another, which
                // it abandoned with nothing sent: the transfer goes again with the debug stream,
                // which tells that connection's dialogue (greeting, EHLO, STARTTLS, AUTH) apart.
                transcript.reset()
                errorBuffer[0] = 0
                try setVerbose(true)
                code = withExtendedLifetime(body) { perform(body) }
            }
            // The state ends with this transfer; libcurl may call back later (QUIT at cleanup).
            try options.set(CURLOPT_READDATA, pointer: nil)
            try options.set(CURLOPT_XFERINFODATA, pointer: nil)
        } catch let error as CurlOptions.Refused {
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
            try setVerbose(true)
            try options.set(CURLOPT_URL, string: url)
            try options.set(CURLOPT_FRESH_CONNECT, 1)
            try options.set(CURLOPT_UPLOAD, 0)
            try options.check(outreach_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil))
            try options.set(CURLOPT_CUSTOMREQUEST, string: "NOOP")
            try options.set(CURLOPT_CERTINFO, 1)
            code = perform(nil)
            try options.set(CURLOPT_CERTINFO, 0)
            try options.set(CURLOPT_CUSTOMREQUEST, pointer: nil)
            try options.set(CURLOPT_UPLOAD, 1)
            try options.set(CURLOPT_FRESH_CONNECT, 0)
        } catch let error as CurlOptions.Refused {
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
        // libcurl's error text may quote the server's reply: it is shown as a reply is.
        let detail = ServerText.printable(String(cString: errorBuffer))
        var exchange = CurlExchange(
            code: Code(code), text: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
            responseCode: responseCode, replies: transcript.replies, dataStarted: transcript.dataStarted,
            bodySent: false, awaiting: transcript.awaiting)
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
        // A new multi handle for the next connection; the old one goes once no wake-up uses it.
        if let fresh = curl_multi_init() {
            wakeTarget.replace(with: fresh)
            multi = fresh
        }
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
            // The content's last bytes were handed over: libcurl sends them, then asks for more
            // at its next call, gets none and ends the DATA; it is not waiting for the server,
            // so it is called again at once rather than after a wait (a poll that returns at once).
            if let body, body.endOfContentDue() { continue }
            // libcurl is waiting for the server: use the time, then see whether it answered
            // (the poll returns at once if the reply came meanwhile).
            if let body, !body.runNextStep() { body.whileWaiting() }
            // The wait is bounded by libcurl's own timers (connect and reply timeouts) too.
            guard curl_multi_poll(multi, nil, 0, 1000, nil) == CURLM_OK else { return CURLE_FAILED_INIT }
        }
        return outreach_multi_result(multi)
    }

    /// A way for another thread to wake a transfer that waits for the server, so that it does
    /// its `whileWaiting` work at once (libcurl's `curl_multi_wakeup`, safe from any thread).
    var waker: @Sendable () -> Void {
        let target = wakeTarget
        return { target.wake() }
    }

    /// The multi handle as other threads see it, for `curl_multi_wakeup` only. The handle is
    /// replaced when the connections are closed (a new connection after a 421, after
    /// `smtp.per_connection` messages): it is swapped under the lock a wake-up takes, and only
    /// then cleaned up, so that no wake-up reaches a handle that is gone.
    private final class Waker: @unchecked Sendable {
        private let lock = NSLock()
        private var multi: UnsafeMutableRawPointer?

        init(multi: UnsafeMutableRawPointer) {
            self.multi = multi
        }

        func wake() {
            lock.lock()
            defer { lock.unlock() }
            if let multi { _ = curl_multi_wakeup(multi) }
        }

        /// Takes `fresh` (nil: none, the easy handle is going), then cleans the old handle up:
        /// once swapped under the lock no wake-up can reach it, and its cleanup (a QUIT that
        /// may wait its grace) does not keep a wake-up waiting.
        func replace(with fresh: UnsafeMutableRawPointer?) {
            lock.lock()
            let old = multi
            multi = fresh
            lock.unlock()
            if let old { curl_multi_cleanup(old) }
        }
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
    /// The work to do while waiting, and the content handed to libcurl's read callback.
    private final class ReadState {
        private(set) var bytes: [UInt8] = []
        var offset = 0
        private var steps: ArraySlice<() -> Void>
        private var neededBeforeContent: Int
        private var content: (() -> [UInt8]?)?
        let whileWaiting: () -> Void
        /// True when `content` gave nothing.
        private(set) var withheld = false
        /// When the progress callback last did the waiting work (CLOCK_MONOTONIC_COARSE,
        /// nanoseconds).
        private var lastProgressWork: UInt64 = 0

        /// True at most once per `progressWorkInterval`: libcurl calls its progress callback
        /// some 25 times a message while it runs a transfer, and the waiting work needs it only
        /// where libcurl blocks for a reply (about once a second then); the transfer's own loop
        /// does the work before each wait. The coarse clock is read without a system call.
        func progressWorkIsDue() -> Bool {
            var now = timespec()
            #if os(Linux)
            clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
            #else
            clock_gettime(CLOCK_MONOTONIC, &now)
            #endif
            let nanos = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
            guard nanos &- lastProgressWork >= ReadState.progressWorkInterval else { return false }
            lastProgressWork = nanos
            return true
        }

        /// Nanoseconds between two runs of the waiting work from the progress callback: 10 ms.
        static let progressWorkInterval: UInt64 = 10_000_000

        init(work: WaitingWork) {
            steps = work.steps[...]
            neededBeforeContent = work.neededBeforeContent
            content = work.content
            whileWaiting = work.whileWaiting
        }

        /// True when the content was asked for and every byte of it handed to libcurl.
        var contentSent: Bool { content == nil && !withheld && offset == bytes.count }

        /// Set by the read callback when it gives the last bytes of the content; cleared by
        /// `endOfContentDue()`.
        fileprivate var lastBytesGiven = false

        /// True once, right after the read callback gave the last bytes of the content.
        func endOfContentDue() -> Bool {
            guard lastBytesGiven else { return false }
            lastBytesGiven = false
            return true
        }

        /// True once every step is done.
        var stepsDone: Bool { steps.isEmpty }

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
        if state.offset == state.bytes.count { state.lastBytesGiven = true }
        return length
    }

    private static let progressCallback: outreach_xferinfo_callback = { context, _, _, _, _ in
        guard let context else { return 0 }
        let state = Unmanaged<ReadState>.fromOpaque(context).takeUnretainedValue()
        // Not before the steps are done: they come first, in order.
        if state.stepsDone && state.progressWorkIsDue() { state.whileWaiting() }
        return 0
    }

    private static let discardCallback: outreach_data_callback = { _, size, count, _ in size * count }

    /// Each reply line (libcurl hands an SMTP server's reply lines to the header callback).
    private static let headerCallback: outreach_data_callback = { data, size, count, context in
        let length = size * count
        guard let context else { return length }
        let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
        transcript.receivedHeader(UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// A new connection's socket: abandoned while a message's replies are read from the header
    /// callback, which cannot tell a new connection's dialogue apart (see `send`).
    private static let sockoptCallback: outreach_sockopt_callback = { context, _, _ in
        guard let context else { return CURL_SOCKOPT_OK }
        let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
        guard transcript.readsHeaders else { return CURL_SOCKOPT_OK }
        transcript.connectionWanted = true
        return CURL_SOCKOPT_ERROR
    }

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
