import CCurl

/// Sets options on one libcurl easy handle and turns a refusal into an error: the one place the
/// SMTP (`CurlEasy`), IMAP (`CurlIMAP`) and HTTPS (`CurlDownload`) handles set their options.
struct CurlOptions {
    let handle: UnsafeMutableRawPointer

    /// libcurl refused an option (`curl_easy_setopt` did not return `CURLE_OK`).
    struct Refused: Error {
        var code: CURLcode
        /// libcurl's own words for `code`.
        var reason: String { String(cString: curl_easy_strerror(code)) }
    }

    /// - Throws: `Refused` when `code` is not `CURLE_OK`.
    func check(_ code: CURLcode) throws {
        if code != CURLE_OK { throw Refused(code: code) }
    }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws {
        try check(outreach_setopt_long(handle, option, value))
    }

    /// Sets a string option; libcurl copies it (since 7.17).
    func set(_ option: CURLoption, string: String) throws {
        let bytes = ContiguousArray(string.utf8CString)
        try bytes.withUnsafeBufferPointer { buffer in
            try check(outreach_setopt_string(handle, option, buffer.baseAddress))
        }
    }

    /// Sets a pointer option (callback data, the error buffer); nil clears it.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(outreach_setopt_pointer(handle, option, pointer))
    }

    /// Sets a blob option; libcurl copies the bytes (`CURL_BLOB_COPY`).
    func set(_ option: CURLoption, blob: [UInt8]) throws {
        try blob.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            try check(outreach_setopt_blob(handle, option, base, raw.count))
        }
    }
}
