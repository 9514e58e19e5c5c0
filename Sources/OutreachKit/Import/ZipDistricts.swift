import Foundation

/// ZIP code (Census ZCTA) to congressional districts, from `zip-districts.tsv` beside the
/// recipient lists (`RecipientLists.zipDistrictsFile`): one line per ZIP, `ZIP<TAB>ST-N[ ST-N...]`.
///
/// ZCTAs only approximate ZIP codes, and about 7,300 of them span two or more districts: a
/// lookup returns every candidate and never picks one.
public struct ZipDistricts: Sendable {
    /// The file name looked for in the recipients folder.
    public static let fileName = "zip-districts.tsv"
    private let table: [String: [String]]

    /// Loads the table.
    /// - Throws: `InputError.cannotRead` when the file is missing or malformed; as
    ///   `InputFile.text` past `InputLimits.zipTableBytes` or for a line too long.
    public init(file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError.cannotRead(
                path: file,
                reason: "no ZIP-to-district table there; get it with 'outreach recipients update --source zccd'")
        }
        let text = try InputFile.text(atPath: file, what: "the ZIP-to-district table", limit: InputLimits.zipTableBytes)
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            table[String(parts[0])] = parts[1].split(separator: " ").map(String.init)
        }
        self.table = table
    }

    /// Every district the ZIP touches, as `ST-N` (`0` is at-large); empty when unknown.
    public func districts(zip: String) -> [String] { table[zip] ?? [] }
}
