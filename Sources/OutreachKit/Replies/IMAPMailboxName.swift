import Foundation

/// A mailbox name as an IMAP command carries it: a quoted string (RFC 3501 §4.3), with names
/// outside ASCII in modified UTF-7 (RFC 3501 §5.1.3: `&` shifts to modified base64 of UTF-16,
/// `-` shifts back, `&-` is a literal `&`).
enum IMAPMailboxName {
    /// `"INBOX"`, `"Entw&APw-rfe"` for "Entwürfe"; `\` and `"` escaped.
    static func quoted(_ name: String) -> String {
        var encoded = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            let base64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",")
                .replacingOccurrences(of: "=", with: "")
            encoded += "&" + base64 + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                encoded += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return "\"" + encoded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
