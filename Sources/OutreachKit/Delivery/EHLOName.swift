import Foundation

/// The name `outreach` gives in EHLO (and HELO): RFC 5321 §4.1.4 asks for the client's fully
/// qualified domain name, or an address literal (§4.1.3) when it has none, and strict submission
/// servers refuse a bare machine name (`501 5.5.2 Helo command rejected: need fully-qualified
/// hostname`).
///
/// In order: `smtp.helo` when set; else the machine's fully qualified name when it is one (an
/// ASCII domain with a dot, not `localhost`); else the address literal of the local end of the
/// connection (`[192.0.2.1]`, `[IPv6:2001:db8::1]`). A machine name with non-ASCII letters, or
/// with characters no domain has (`#`, `_`, a space), is never sent: the literal is.
public enum EHLOName {
    /// Chooses the name.
    /// - Parameters:
    ///   - configured: `smtp.helo`, when set (checked by `check(_:)` when it was set).
    ///   - machineName: the machine's name, as fully qualified as the system knows it
    ///     (`machineName()`), or nil.
    ///   - localAddress: the address of the local end of the connection, in text
    ///     (`192.0.2.1`, `2001:db8::1`), or nil when unknown.
    /// - Returns: the name to send, never empty, ASCII only.
    public static func choose(configured: String?, machineName: String?, localAddress: String?) -> String {
        if let configured, !configured.isEmpty { return configured }
        if let machineName, isFullyQualified(machineName) {
            return (machineName.hasSuffix(".") ? String(machineName.dropLast()) : machineName).lowercased()
        }
        if let localAddress, let literal = addressLiteral(localAddress) { return literal }
        // Nothing better is known: the loopback literal is at least well formed.
        return "[127.0.0.1]"
    }

    /// True for a domain a server can take as this machine's name: ASCII letters, digits and
    /// hyphens in dot-separated labels of 1 to 63 octets (RFC 1035 §2.3.1, RFC 5321 §4.1.2), at
    /// least two labels, at most 255 octets, and not a name of `localhost`.
    public static func isFullyQualified(_ name: String) -> Bool {
        let name = name.hasSuffix(".") ? String(name.dropLast()) : name
        let lower = name.lowercased()
        guard isDomain(name), name.contains("."), lower != "localhost.localdomain", !lower.hasPrefix("localhost."),
            !lower.hasSuffix(".localhost")
        else { return false }
        return true
    }

    /// True for a syntactically valid ASCII domain (one label or more; see `isFullyQualified`).
    static func isDomain(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != 0x2D, bytes.last != 0x2D else { return false }
            return bytes.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D
            }
        }
    }

    /// The address literal of an IP address (RFC 5321 §4.1.3): `[192.0.2.1]`, `[IPv6:2001:db8::1]`.
    /// A zone (`%eth0`) is dropped; an IPv4-mapped IPv6 address is written as IPv4.
    /// - Returns: nil when `address` is not an IPv4 or IPv6 address.
    public static func addressLiteral(_ address: String) -> String? {
        var text = address
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return "[\(text)]" }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return "[\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])]"
        }
        return "[IPv6:\(text.lowercased())]"
    }

    /// Checks a value for `smtp.helo`: an ASCII domain (`mail.example.org`) or an address
    /// literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    /// - Returns: nil when it is fine, else why not.
    public static func problem(with value: String) -> String? {
        if value.hasPrefix("[") {
            let inner = String(value.dropFirst().dropLast())
            let isIPv6 = inner.lowercased().hasPrefix("ipv6:")
            var v4 = in_addr()
            var v6 = in6_addr()
            let valid =
                value.hasSuffix("]")
                && (isIPv6
                    ? inet_pton(AF_INET6, String(inner.dropFirst(5)), &v6) == 1 : inet_pton(AF_INET, inner, &v4) == 1)
            return valid ? nil : "is not an address literal like [192.0.2.1] or [IPv6:2001:db8::1]"
        }
        if value.unicodeScalars.contains(where: { !$0.isASCII }) {
            return "holds letters outside ASCII, which EHLO cannot carry (give the xn-- form of the name)"
        }
        guard isDomain(value.hasSuffix(".") ? String(value.dropLast()) : value) else {
            return "is not a domain name (letters, digits and hyphens, in labels separated by dots)"
        }
        return nil
    }

    /// The machine's name, fully qualified when the system knows it: the host name when it holds
    /// a dot, else the canonical name the resolver gives for it (as `hostname -f` does), else the
    /// bare host name.
    public static func machineName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if name.isEmpty { return nil }
        if name.contains(".") { return name }
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return name }
        defer { freeaddrinfo(result) }
        guard let canonical = first.pointee.ai_canonname else { return name }
        let full = String(cString: canonical)
        return full.isEmpty ? name : full
    }

    /// The local address a connection to `host` port `port` would leave from: a UDP socket is
    /// connected to the host's first address (which sends nothing) and asked for its own.
    /// - Returns: the address in text, or nil when the host does not resolve.
    public static func localAddress(toward host: String, port: Int) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(bare, String(port), &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        let family = first.pointee.ai_family
        let probe = socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard probe >= 0 else { return nil }
        defer { close(probe) }
        guard connect(probe, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        guard named == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let converted: UnsafePointer<CChar>? = withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var raw = address.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
            }
        }
        guard converted != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
