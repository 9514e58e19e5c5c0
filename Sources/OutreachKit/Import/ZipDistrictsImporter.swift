import Foundation

/// Imports us-zipcodes-congress' `zccd.csv` (`state_fips,state_abbr,zcta,cd`, one line per ZIP
/// and district) into `zip-districts.tsv`, the table `ZipDistricts` reads.
public struct ZipDistrictsImporter: Sendable {
    /// `zccd.csv`.
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// Reads the file and writes `zip-districts.tsv` into `output`.
    /// - Returns: the file written, with one row per ZIP, and a note counting the ZIPs that span
    ///   more than one district.
    /// - Throws: `InputError.cannotRead` when the CSV is missing or has other columns;
    ///   `.badRecipientValue` for a row that is not `FIPS,ST,ZCTA,N`; `FileError.cannotWrite`.
    public func run(output: URL) throws -> ImportSummary {
        let table = try Self.build(fromZCCD: file)
        let target = output.appendingPathComponent(ZipDistricts.fileName)
        try PrivateFiles.makeFolder(output)
        do { try Data(table.text.utf8).write(to: target, options: .atomic) } catch {
            throw FileError.cannotWrite(path: target.path, reason: "the folder is not writable")
        }
        var summary = ImportSummary()
        summary.files = [.init(path: target.path, rows: table.zips)]
        summary.notes = ["\(table.split) ZIP codes span more than one district"]
        return summary
    }

    /// Builds the table from `us-zipcodes-congress` `zccd.csv` (`state_fips,state_abbr,zcta,cd`).
    /// - Returns: the file's text.
    /// - Throws: `InputError.cannotRead` when the CSV is missing or has other columns;
    ///   `.badRecipientValue` naming the 1-based line of a row that is not `FIPS,ST,ZCTA,N`.
    static func build(fromZCCD file: URL) throws -> (text: String, zips: Int, split: Int) {
        let data = try InputFile.data(atPath: file.path, what: "the source file", limit: InputLimits.sourceFileBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError.cannotRead(path: file.path, reason: "no such file, or not UTF-8")
        }
        var lines = text.split(whereSeparator: \.isNewline)
        guard lines.first == "state_fips,state_abbr,zcta,cd" else {
            throw InputError.cannotRead(
                path: file.path,
                reason: "expected the columns state_fips,state_abbr,zcta,cd (us-zipcodes-congress zccd.csv)")
        }
        lines.removeFirst()
        var table: [String: [String]] = [:]
        for (index, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, let number = Int(fields[3]), fields[2].count == 5,
                fields[2].allSatisfy(\.isNumber),
                USState.codes.contains(String(fields[1]))
            else {
                throw InputError.badRecipientValue(
                    location: SourceLocation(file: file.path, line: index + 2), field: "row",
                    reason: "is not 'state_fips,state_abbr,zcta,cd' with a 5-digit ZCTA and a district number",
                    hint: "use the zccd.csv of us-zipcodes-congress as published")
            }
            let district = "\(fields[1])-\(number)"
            if !(table[String(fields[2])]?.contains(district) ?? false) {
                table[String(fields[2]), default: []].append(district)
            }
        }
        var output =
            "# ZIP (Census ZCTA) to congressional districts, from us-zipcodes-congress zccd.csv (US Government work)\n"
        for zip in table.keys.sorted() { output += "\(zip)\t\(table[zip, default: []].joined(separator: " "))\n" }
        return (output, table.count, table.values.filter { $0.count > 1 }.count)
    }
}
