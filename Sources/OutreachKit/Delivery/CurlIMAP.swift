import CCurl
import Foundation

/// One libcurl easy handle that speaks IMAP by custom requests on a URL without a mailbox, so
/// that libcurl never SELECTs a mailbox or fetches with `BODY[]` (both would change it: SELECT
/// lets `\Recent` go and `BODY[]` sets `\Seen`). The connection, its TLS session and its login
/// are kept between commands; the caller sends `EXAMINE` itself.
///
/// With libcurl 7.88 a custom request's reply reaches the header callback line by line, the
/// literal content of a `FETCH` included, while the write callback gets only the untagged lines
/// that start with `*`: this class reads the header stream and ignores the other.
final class CurlIMAP: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let response = ResponseBytes()

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The largest reply kept for one command, in bytes; a larger one aborts the command.
    static let maximumResponse = 64 << 20

    /// - Parameters:
    ///   - url: `imaps://HOST:PORT/` or `imap://HOST:PORT/` (no mailbox).
    ///   - requireStartTLS: for `imap://`: upgrade with STARTTLS or fail (`CURLUSESSL_ALL`), so
    ///     that neither the login nor a byte of mail crosses in clear.
    ///   - timeout: seconds for the connection, for any reply, and for a transfer that stalls.
    ///   - caBundle: PEM certificates to trust (the system's with the extra ones), or nil.
    ///   - credentials: the IMAP login.
    /// - Throws: `SetupError` when libcurl cannot start; `CurlOptions.Refused` when it refuses an option.
    init(url: String, requireStartTLS: Bool, timeout: Int, caBundle: [UInt8]?, credentials: Credentials) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { throw SetupError(reason: "libcurl could not start") }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try options.set(CURLOPT_URL, string: url)
        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try options.set(CURLOPT_NOSIGNAL, 1)
        if requireStartTLS { try options.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        try options.set(CURLOPT_SSL_VERIFYPEER, 1)
        try options.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle { try options.set(CURLOPT_CAINFO_BLOB, blob: caBundle) }
        try options.set(CURLOPT_CONNECTTIMEOUT, timeout)
        try options.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout)
        // A reply that trickles (under 1 byte a second for `timeout` seconds) ends the command.
        try options.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try options.set(CURLOPT_LOW_SPEED_TIME, timeout)
        // libcurl 7.88 cuts a reply line longer than half its buffer ("Excessive server
        // response line length"): 1 MiB keeps whole every line of the parts fetched (at most
        // 256 KiB each, see `IMAPClient`).
        try options.set(CURLOPT_BUFFERSIZE, 1 << 20)
        // Always the configured user (a ~/.netrc password is read for that user only).
        try options.set(CURLOPT_USERNAME, string: credentials.username)
        switch credentials.secret {
        case .password(let password): try options.set(CURLOPT_PASSWORD, string: password)
        case .token(let token): try options.set(CURLOPT_XOAUTH2_BEARER, string: token)
        }
        try options.check(outreach_setopt_header_callback(handle, Self.headerCallback))
        try options.set(CURLOPT_HEADERDATA, pointer: Unmanaged.passUnretained(response).toOpaque())
        try options.check(outreach_setopt_write_callback(handle, Self.discardCallback))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The CA bundle libcurl was built to use, when it has one.
    var defaultCAFile: String? {
        var value: UnsafeMutablePointer<CChar>?
        guard outreach_getinfo_string(handle, CURLINFO_CAINFO, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Sends one IMAP command and reads its whole reply.
    /// - Parameters:
    ///   - command: the command without tag or CRLF (`EXAMINE "INBOX"`, `UID FETCH 5:9 (...)`).
    ///   - freshConnection: open a new connection (and log in again) first.
    /// - Returns: libcurl's result, the reply bytes in order (untagged lines with their literals,
    ///   then the tagged completion), and whether a new connection was opened for it.
    func run(_ command: String, freshConnection: Bool = false) -> IMAPExchange {
        response.reset()
        errorBuffer[0] = 0
        var code = CURLE_OK
        do {
            try options.set(CURLOPT_CUSTOMREQUEST, string: command)
            try options.set(CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0)
            code = withExtendedLifetime(response) { curl_easy_perform(handle) }
        } catch let error as CurlOptions.Refused {
            code = error.code
        } catch {
            code = CURLE_FAILED_INIT
        }
        var connects = 0
        _ = outreach_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        let detail = String(cString: errorBuffer)
        return IMAPExchange(
            code: CurlEasy.Code(code), text: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
            bytes: response.bytes, overflowed: response.overflowed, newConnection: connects > 0)
    }

    private var options: CurlOptions { CurlOptions(handle: handle) }

    /// libcurl could not start.
    struct SetupError: Error {
        var reason: String
    }

    /// The reply bytes of the command running.
    private final class ResponseBytes {
        var bytes: [UInt8] = []
        var overflowed = false

        func reset() {
            bytes = []
            overflowed = false
        }
    }

    private static let headerCallback: outreach_data_callback = { data, size, count, context in
        let length = size * count
        guard let context else { return length }
        let response = Unmanaged<ResponseBytes>.fromOpaque(context).takeUnretainedValue()
        if response.bytes.count + length > CurlIMAP.maximumResponse {
            response.overflowed = true
            return 0
        }
        response.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// The untagged lines also come here; they are read from the header stream, whole.
    private static let discardCallback: outreach_data_callback = { _, size, count, _ in size * count }
}
