/// The public data `outreach recipients import` reads.
public enum ImportSource: String, CaseIterable, Sendable {
    /// Open States people data (`data/` or one state's folder): `mayors.csv` and
    /// `state-legislators-<st>.csv`.
    case openstates
    /// unitedstates/congress-legislators' `legislators-current.yaml`: `congress.csv`.
    case congressLegislators = "congress-legislators"
    /// us-zipcodes-congress `zccd.csv`: `zip-districts.tsv`, the ZIP-to-district table.
    case zccd

    /// The published source `outreach recipients update` downloads the same lists from.
    public var dataSource: DataSource {
        switch self {
        case .openstates: return .openstates
        case .congressLegislators: return .congressLegislators
        case .zccd: return .zccd
        }
    }
}
