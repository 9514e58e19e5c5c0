import Foundation

/// The public sources the shipped recipient lists are made from, and where each is published.
///
/// This is the only place the sources' addresses are written: `outreach recipients update`
/// downloads from here unless `--from` names a mirror or a downloaded copy.
public enum DataSource: String, CaseIterable, Sendable, Codable {
    /// Open States people (`openstates/people`, CC0): every state's legislators, and mayors.
    case openstates
    /// `unitedstates/congress-legislators` (CC0): the current members of Congress.
    case congressLegislators = "congress-legislators"
    /// `OpenSourceActivismTech/us-zipcodes-congress` `zccd.csv` (US Government work): ZIP code
    /// (Census ZCTA) to congressional district.
    case zccd

    /// The address of the published file (HTTPS).
    public var url: String {
        switch self {
        case .openstates: return "https://github.com/openstates/people/archive/refs/heads/main.zip"
        case .congressLegislators: return "https://unitedstates.github.io/congress-legislators/legislators-current.yaml"
        case .zccd:
            return "https://raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
        }
    }

    /// What the file is, for messages: `a ZIP archive of Open States people data`.
    public var format: String {
        switch self {
        case .openstates: return "a ZIP archive of Open States people data (data/<state>/legislature/*.yml)"
        case .congressLegislators: return "congress-legislators' legislators-current.yaml (a YAML list of members)"
        case .zccd: return "us-zipcodes-congress' zccd.csv (columns state_fips,state_abbr,zcta,cd)"
        }
    }

    /// The largest download accepted, in bytes (the files were 30 MB, 1.1 MB and 0.6 MB in 2026).
    public var maxBytes: Int64 {
        switch self {
        case .openstates: return 300_000_000
        case .congressLegislators: return 30_000_000
        case .zccd: return 30_000_000
        }
    }

    /// True when `fileName` is one of the lists this source makes.
    public func makes(_ fileName: String) -> Bool {
        switch self {
        case .openstates:
            return fileName == "mayors.csv" || (fileName.hasPrefix("state-legislators-") && fileName.hasSuffix(".csv"))
        case .congressLegislators: return fileName == "congress.csv"
        case .zccd: return fileName == ZipDistricts.fileName
        }
    }

    /// The command that refreshes this source's lists, for `data-dates.tsv` and staleness notes.
    public var refreshCommand: String { "outreach recipients update --source \(rawValue)" }

    /// Which source a downloaded file is, from its first bytes: a ZIP archive is Open States',
    /// the ZCTA table starts with its header, and legislators-current.yaml is a YAML list.
    /// - Returns: nil when it is none of them.
    public static func recognize(_ file: URL) -> DataSource? {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return nil }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 4096)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .openstates }
        var text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.hasPrefix("state_fips,state_abbr,zcta,cd") { return .zccd }
        let firstLine = text.split(whereSeparator: \.isNewline).first {
            !$0.hasPrefix("#") && !$0.hasPrefix("---") && !$0.isEmpty
        }
        if let firstLine, firstLine.hasPrefix("- ") { return .congressLegislators }
        return nil
    }
}
