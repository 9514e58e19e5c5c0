/// The columns every recipient file has, in the order the importer writes them.
public enum RecipientColumn {
    /// Required columns; other columns pass through to templates as `{{recipient.COLUMN}}`.
    public static let required = [
        "id", "role", "name", "given_name", "family_name", "title", "jurisdiction", "state", "district",
        "party", "email", "contact_form", "phone", "address", "term_end", "source",
    ]

    /// Optional columns `outreach` knows: a file without one reads as if the column were empty,
    /// and a template may use it without every file having it.
    public static let optional = [SanctuaryPolicy.column]
}
