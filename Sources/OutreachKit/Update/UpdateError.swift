import Foundation

/// Why `outreach recipients update` replaced nothing. Every case leaves the lists in use as they
/// were; each names the URL or file (and, inside an archive, the member and line) at fault.
public enum UpdateError: OutreachError, Equatable {
    /// No connection: the host name did not resolve, or the connection was refused.
    case unreachable(url: String, reason: String)
    /// TLS failed: the certificate could not be verified, or the handshake failed.
    case tls(url: String, reason: String)
    /// The server answered with an HTTP status other than 200 or 304.
    case httpStatus(url: String, status: Int)
    /// Nothing arrived for `seconds` (while connecting, or during the transfer).
    case timedOut(url: String, seconds: Int)
    /// The transfer ended before the whole file arrived.
    case truncated(url: String, received: Int64, expected: Int64?)
    /// The file is larger than the limit.
    case tooLarge(url: String, limit: Int64)
    /// A plain `http://` address (or a redirect to one): the lists come over HTTPS only.
    case notHTTPS(url: String)
    /// Any other transfer failure, with libcurl's words.
    case transfer(url: String, reason: String)
    /// The file is not what the source publishes (`expected`: a ZIP archive of Open States people, ...).
    case wrongFormat(url: String, expected: String, found: String)
    /// The file has the right format but its content is refused: `location` is the member or
    /// line at fault.
    case badData(url: String, location: String, reason: String)
    /// `--from` names a file that is not there.
    case missingFile(path: String)
    /// `--source` names no source.
    case unknownSource(name: String)
    /// Two `--from` give the same source, or `--from` disagrees with `--source`.
    case conflictingSources(reason: String)
    /// Another update holds the lock.
    case anotherUpdateRunning(lock: String)

    public var message: String {
        switch self {
        case .unreachable(let url, let reason): return "\(url): cannot connect: \(reason)"
        case .tls(let url, let reason): return "\(url): TLS failed: \(reason)"
        case .httpStatus(let url, let status): return "\(url): the server answered HTTP \(status)"
        case .timedOut(let url, let seconds): return "\(url): nothing arrived for \(seconds) seconds"
        case .truncated(let url, let received, let expected):
            let of = expected.map { " of \(Self.bytes($0))" } ?? ""
            return "\(url): the transfer broke off after \(Self.bytes(received))\(of): the file is truncated"
        case .tooLarge(let url, let limit): return "\(url): the file is larger than the limit of \(Self.bytes(limit))"
        case .notHTTPS(let url):
            return url.lowercased().hasPrefix("https://")
                ? "\(url): redirected to an address that is not https://, which is refused"
                : "\(url): not an https:// address"
        case .transfer(let url, let reason): return "\(url): the download failed: \(reason)"
        case .wrongFormat(let url, let expected, let found): return "\(url): not \(expected) (\(found))"
        case .badData(let url, let location, let reason):
            return location.isEmpty ? "\(url): \(reason)" : "\(url): \(location): \(reason)"
        case .missingFile(let path): return "no file at \(path)"
        case .unknownSource(let name): return "unknown source '\(name)'"
        case .conflictingSources(let reason): return reason
        case .anotherUpdateRunning(let lock):
            return "another 'outreach recipients update' is running (it holds \(lock))"
        }
    }

    public var hint: String? {
        let unchanged = "the lists in use are unchanged"
        switch self {
        case .unreachable: return "\(unchanged); check the network, or use a copy: --from FILE"
        case .tls:
            return
                "\(unchanged); a proxy or a mirror with a private CA needs --ca-file FILE; certificates are always verified"
        case .httpStatus: return "\(unchanged); check the address, or try again later"
        case .timedOut: return "\(unchanged); try again, or allow more time with --timeout SECONDS"
        case .truncated: return "\(unchanged); run the update again"
        case .tooLarge: return "\(unchanged); if the source has really grown, raise the limit with --max-size BYTES"
        case .notHTTPS: return "use an https:// address, or download the file yourself and pass --from FILE"
        case .transfer: return "\(unchanged); run the update again, or use a copy: --from FILE"
        case .wrongFormat:
            return
                "\(unchanged); point --from at the file the source publishes (see 'outreach recipients update --help')"
        case .badData: return "\(unchanged); the source may be mid-change: try again later, or report it to the source"
        case .missingFile: return "give the path of a downloaded copy, or an https:// address"
        case .unknownSource: return "sources: \(DataSource.allCases.map(\.rawValue).joined(separator: ", "))"
        case .conflictingSources: return "give one --from per source; --source names the one --from is for"
        case .anotherUpdateRunning: return "wait for it to finish, then run the update again if you still need to"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .unreachable, .tls, .transfer: return ExitStatus.unavailable
        case .httpStatus(_, let status): return status >= 500 ? ExitStatus.temporaryFailure : ExitStatus.unavailable
        case .timedOut, .truncated, .anotherUpdateRunning: return ExitStatus.temporaryFailure
        case .tooLarge, .wrongFormat, .badData: return ExitStatus.dataError
        case .missingFile: return ExitStatus.noInput
        case .notHTTPS, .unknownSource, .conflictingSources: return ExitStatus.usage
        }
    }

    /// `1,234,567 bytes`.
    static func bytes(_ count: Int64) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        return "\(formatter.string(from: NSNumber(value: count)) ?? String(count)) bytes"
    }
}
