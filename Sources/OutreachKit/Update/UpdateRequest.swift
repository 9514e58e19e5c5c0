import Foundation

/// What `outreach recipients update` is asked to do.
public struct UpdateRequest: Sendable {
    /// The sources to refresh (`--source`); empty means all of them, or, with `from`, the ones
    /// the files turn out to be.
    public var sources: [DataSource]
    /// `--from`: `https://` URLs or local files to use instead of the sources' own addresses;
    /// each is recognized by its content.
    public var from: [String]
    /// `--force`: download even when the copy in use is current (no conditional request).
    public var force: Bool
    /// Seconds allowed to connect, and for any stall during a transfer.
    public var timeout: Int
    /// The largest download accepted, in bytes; nil for each source's own limit (`DataSource.maxBytes`).
    public var maxBytes: Int64?
    /// A PEM file of CA certificates trusted beside the system's (a mirror with a private CA).
    public var caFile: String?
    /// Today: terms that ended before it are left out, and it is the day recorded as checked.
    public var today: Date

    public init(
        sources: [DataSource] = [], from: [String] = [], force: Bool = false, timeout: Int = 30, maxBytes: Int64? = nil,
        caFile: String? = nil, today: Date = Date()
    ) {
        self.sources = sources
        self.from = from
        self.force = force
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.caFile = caFile
        self.today = today
    }
}
