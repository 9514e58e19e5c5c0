import CCurl
import Foundation

/// Asks a port whether it speaks TLS from the first byte, to tell a server on an SMTPS port
/// (465) that stays silent for `smtp://` from one that is down. One TCP connection and a TLS
/// handshake (libcurl's `CURLOPT_CONNECT_ONLY` on an `https://` URL: no HTTP request, no SMTP
/// command, nothing of the person's is sent), then the connection is closed.
enum CurlTLSProbe {
    /// What the port did with a TLS ClientHello.
    enum Answer: Equatable {
        /// A TLS handshake took place (whether or not its certificate verified).
        case speaksTLS
        /// It answered with something other than TLS (a plain SMTP greeting).
        case plain
        /// No answer within the time, or no connection.
        case unknown
    }

    /// Tries a TLS handshake with `host` port `port`.
    /// - Parameters:
    ///   - host: the server's name or address.
    ///   - port: the TCP port.
    ///   - timeout: seconds for the connection and the handshake.
    /// - Returns: what the port did.
    static func probe(host: String, port: Int, timeout: Int) -> Answer {
        guard let handle = curl_easy_init() else { return .unknown }
        defer { curl_easy_cleanup(handle) }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let url = ContiguousArray("https://\(bracketed):\(port)/".utf8CString)
        let ok = url.withUnsafeBufferPointer { buffer in
            outreach_setopt_string(handle, CURLOPT_URL, buffer.baseAddress) == CURLE_OK
        }
        guard ok, outreach_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1) == CURLE_OK,
            outreach_setopt_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK,
            outreach_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeout) == CURLE_OK
        else { return .unknown }
        switch curl_easy_perform(handle) {
        // A certificate that does not verify still proves a TLS server answered.
        case CURLE_OK, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM: return .speaksTLS
        case CURLE_SSL_CONNECT_ERROR: return .plain
        default: return .unknown
        }
    }
}
