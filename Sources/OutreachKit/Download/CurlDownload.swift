import CCurl
import Foundation

/// One HTTPS GET into a file with libcurl: with `CurlEasy` (SMTP) and `CurlIMAP`, the only files that
/// import CCurl.
///
/// A transfer is abandoned when connecting (TCP and TLS) takes longer than the timeout, or when
/// nothing arrives for that long once connected. Certificates and host names are always verified (against the system's CAs, plus an extra CA
/// file when given). Redirects are followed, at most 5 and only to `https://`. With validators
/// from an earlier download the request is conditional (RFC 9110 §13.1.2 `If-None-Match`,
/// §13.1.3 `If-Modified-Since`), so an unchanged file costs one round trip and a 304. A response
/// larger than the limit is abandoned as soon as its `Content-Length`, or the bytes received,
/// pass it. The handle is used from one thread.
final class CurlDownload {
    /// What to fetch, and the limits.
    struct Request {
        /// An `https://` URL.
        var url: String
        /// The `ETag` of the copy in use, sent as `If-None-Match`.
        var ifNoneMatch: String?
        /// The `Last-Modified` of the copy in use, sent back unchanged as `If-Modified-Since`.
        var ifModifiedSince: String?
        /// The largest body accepted, in bytes (after any content coding is undone).
        var maxBytes: Int64
        /// Seconds allowed to connect (TCP and TLS), and for any stall during the transfer.
        var timeout: Int
        /// A PEM file of CA certificates trusted beside the system's.
        var extraCAFile: String?
    }

    /// How the request ended.
    enum Outcome: Equatable {
        /// 304: the copy in use is current.
        case notModified
        /// 200: the body is in the file.
        case downloaded(bytes: Int64, etag: String?, lastModified: String?)
    }

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Fetches `request.url` into `file` (created or truncated).
    /// - Parameters:
    ///   - request: the URL, the validators and the limits.
    ///   - file: where the body goes (mode 0600).
    ///   - progress: called as bytes arrive with (bytes so far, the expected total when the
    ///     server gave one).
    /// - Returns: `.notModified` for a 304, else `.downloaded` with the size and validators.
    /// - Throws: `UpdateError` for every failure: `.unreachable`, `.tls`, `.timedOut`,
    ///   `.truncated`, `.tooLarge`, `.httpStatus`, `.notHTTPS`, `.transfer`; and
    ///   `FileError.cannotWrite` when `file` cannot be written.
    static func get(_ request: Request, into file: URL, progress: @escaping (Int64, Int64?) -> Void) throws -> Outcome {
        guard request.url.lowercased().hasPrefix("https://") else { throw UpdateError.notHTTPS(url: request.url) }
        _ = globalInit
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: file.path)
        else {
            throw FileError.cannotWrite(path: file.path, reason: "cannot create the download file")
        }
        defer { try? output.close() }
        guard let handle = curl_easy_init() else {
            throw UpdateError.transfer(url: request.url, reason: "libcurl could not start")
        }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        if let tag = request.ifNoneMatch, !tag.isEmpty { headers = curl_slist_append(headers, "If-None-Match: \(tag)") }
        if let date = request.ifModifiedSince, !date.isEmpty {
            headers = curl_slist_append(headers, "If-Modified-Since: \(date)")
        }

        let state = TransferState(
            output: output, limit: request.maxBytes, stallLimit: TimeInterval(request.timeout), progress: progress)
        let setup = CurlOptions(handle: handle)
        do {
            try setup.set(CURLOPT_URL, string: request.url)
            try setup.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
            try setup.set(CURLOPT_NOSIGNAL, 1)
            try setup.set(CURLOPT_PROTOCOLS_STR, string: "https")
            try setup.set(CURLOPT_REDIR_PROTOCOLS_STR, string: "https")
            try setup.set(CURLOPT_FOLLOWLOCATION, 1)
            try setup.set(CURLOPT_MAXREDIRS, 5)
            try setup.set(CURLOPT_SSL_VERIFYPEER, 1)
            try setup.set(CURLOPT_SSL_VERIFYHOST, 2)
            try setup.set(CURLOPT_CONNECTTIMEOUT, request.timeout)
            // A stall (nothing received for `timeout` seconds) is watched by the progress callback.
            try setup.set(CURLOPT_NOPROGRESS, 0)
            try setup.check(outreach_download_setopt_progress(handle, progressCallback))
            // Any content coding the server offers is undone; the limit counts decoded bytes.
            try setup.set(CURLOPT_ACCEPT_ENCODING, string: "")
            try setup.set(CURLOPT_USERAGENT, string: "outreach (recipients update; libcurl)")
            try setup.check(outreach_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
            if let caFile = request.extraCAFile {
                guard let extra = FileManager.default.contents(atPath: caFile) else {
                    throw InputError.cannotRead(path: caFile, reason: "no such file, or not readable (--ca-file)")
                }
                var bundle: [UInt8] = []
                var system: UnsafeMutablePointer<CChar>?
                if outreach_getinfo_string(handle, CURLINFO_CAINFO, &system) == CURLE_OK, let system,
                    let systemBundle = FileManager.default.contents(atPath: String(cString: system))
                {
                    bundle += [UInt8](systemBundle) + [0x0A]
                }
                try setup.set(CURLOPT_CAINFO_BLOB, blob: bundle + [UInt8](extra))
            }
            try setup.check(outreach_download_setopt_write(handle, writeCallback))
            try setup.check(outreach_download_setopt_header(handle, headerCallback))
            let context = Unmanaged.passUnretained(state).toOpaque()
            try setup.set(CURLOPT_WRITEDATA, pointer: context)
            try setup.set(CURLOPT_HEADERDATA, pointer: context)
            try setup.set(CURLOPT_XFERINFODATA, pointer: context)
        } catch let error as CurlOptions.Refused {
            throw UpdateError.transfer(url: request.url, reason: "libcurl refused an option (\(error.code.rawValue))")
        }
        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if state.tooLarge { throw UpdateError.tooLarge(url: request.url, limit: request.maxBytes) }
        if let writeError = state.writeError { throw FileError.cannotWrite(path: file.path, reason: writeError) }
        switch code {
        case CURLE_OK:
            break
        case CURLE_OPERATION_TIMEDOUT:
            throw UpdateError.timedOut(url: request.url, seconds: request.timeout)
        case CURLE_ABORTED_BY_CALLBACK where state.stalled:
            throw UpdateError.timedOut(url: request.url, seconds: request.timeout)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            throw UpdateError.unreachable(url: request.url, reason: reason)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            throw UpdateError.tls(url: request.url, reason: reason)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            throw UpdateError.truncated(url: request.url, received: state.received, expected: state.expected)
        case CURLE_UNSUPPORTED_PROTOCOL:
            throw UpdateError.notHTTPS(url: request.url)
        default:
            throw UpdateError.transfer(url: request.url, reason: reason)
        }
        switch state.status {
        case 304:
            return .notModified
        case 200:
            if let expected = state.expected, state.received < expected {
                throw UpdateError.truncated(url: request.url, received: state.received, expected: expected)
            }
            return .downloaded(bytes: state.received, etag: state.etag, lastModified: state.lastModified)
        default:
            throw UpdateError.httpStatus(url: request.url, status: state.status)
        }
    }
}

extension CurlDownload {
    /// What the callbacks see and record while one response arrives.
    private final class TransferState {
        let output: FileHandle
        let limit: Int64
        let progress: (Int64, Int64?) -> Void
        /// The status of the response being received (each redirect starts a new one).
        var status = 0
        var received: Int64 = 0
        var expected: Int64?
        var etag: String?
        var lastModified: String?
        var tooLarge = false
        var writeError: String?
        /// Seconds without a byte after which the transfer is abandoned.
        let stallLimit: TimeInterval
        /// When a byte (of a header or the body) last arrived, or the transfer began.
        var lastArrival = Date()
        var stalled = false

        init(output: FileHandle, limit: Int64, stallLimit: TimeInterval, progress: @escaping (Int64, Int64?) -> Void) {
            self.output = output
            self.limit = limit
            self.stallLimit = stallLimit
            self.progress = progress
        }

        /// Called by libcurl about once a second and whenever data moves; false stops the transfer.
        func stillAlive() -> Bool {
            if Date().timeIntervalSince(lastArrival) > stallLimit {
                stalled = true
                return false
            }
            return true
        }

        /// One header line; false stops the transfer.
        func header(_ line: String) -> Bool {
            lastArrival = Date()
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("HTTP/") {
                status = Int(trimmed.split(separator: " ").dropFirst().first ?? "") ?? 0
                expected = nil
                etag = nil
                lastModified = nil
                return true
            }
            guard let colon = trimmed.firstIndex(of: ":") else { return true }
            let name = trimmed[..<colon].lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "etag": etag = value
            case "last-modified": lastModified = value
            case "content-length":
                expected = Int64(value)
                if status == 200, let expected, expected > limit {
                    tooLarge = true
                    return false
                }
            default: break
            }
            return true
        }

        /// Body bytes of the final response; false stops the transfer.
        func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
            lastArrival = Date()
            // Only a 200's body is the file; redirect and error pages are dropped.
            guard status == 200 else { return true }
            received += Int64(bytes.count)
            if received > limit {
                tooLarge = true
                return false
            }
            do { try output.write(contentsOf: Data(bytes)) } catch {
                writeError = error.localizedDescription
                return false
            }
            progress(received, expected)
            return true
        }
    }

    private static let writeCallback: outreach_download_callback = { data, size, count, context in
        guard let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        return state.body(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
    }

    private static let progressCallback: outreach_download_progress = { context, _, _, _, _ in
        guard let context else { return 0 }
        return Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue().stillAlive() ? 0 : 1
    }

    private static let headerCallback: outreach_download_callback = { data, size, count, context in
        guard let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        return state.header(line) ? length : 0
    }
}
