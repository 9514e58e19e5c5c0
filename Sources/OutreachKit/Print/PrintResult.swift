/// What `outreach-print` reports on standard output, as JSON.
public struct PrintResult: Sendable, Codable {
    /// Letters with characters no installed font can show.
    public var missingGlyphs: [String] = []
    /// Set when the PDF was not written.
    public var error: String?
    public var hint: String?
    public var exitCode: Int32 = 0

    public init() {}
}
