import Foundation

/// The rule for a web contact form's address, one for every place that reads one (a list drafted,
/// a spreadsheet imported, the Congress data).
public enum ContactForm {
    /// The form's URL with its scheme in lower case (schemes are case-insensitive, RFC 3986 §3.1:
    /// `HTTPS://SIMON.HOUSE.GOV/...` → `https://SIMON.HOUSE.GOV/...`).
    /// - Parameter text: the address as written.
    /// - Returns: the URL, or nil when it is not an http(s) URL with a host and without spaces
    ///   (`https://` alone names no form).
    public static func url(_ text: String) -> String? {
        guard !text.contains(" ") else { return nil }
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            let url = scheme + text.dropFirst(scheme.count)
            guard let host = URL(string: url)?.host, !host.isEmpty else { return nil }
            return url
        }
        return nil
    }
}
