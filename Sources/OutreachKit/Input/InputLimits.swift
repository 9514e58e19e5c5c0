/// The most `outreach` reads from what a person gives it, so that a wrong or hostile file
/// (a file with no line breaks, `/dev/zero`, a template nested thousands deep, a YAML
/// "billion laughs") gets a clear error instead of exhausting the machine. Each limit is far
/// above what a letter, a note or a list of officials needs; the README lists them.
public enum InputLimits {
    /// A line of any text file read (CSV, template, note, profile, edited letter): 64 KiB.
    /// A recipient row may span several lines inside quotes, up to `recipientRowBytes`.
    public static let lineBytes = 64 * 1024
    /// One recipient row, its quoted line breaks included: 1 MiB.
    public static let recipientRowBytes = 1024 * 1024
    /// A template file: 256 KiB (a long letter is 10 KiB).
    public static let templateBytes = 256 * 1024
    /// A template's YAML front matter: 16 KiB.
    public static let frontMatterBytes = 16 * 1024
    /// Sections inside sections in a template: 32 deep.
    public static let sectionDepth = 32
    /// A note (`--note`, `--note-file`): 64 KiB.
    public static let noteBytes = 64 * 1024
    /// The profile file: 64 KiB.
    public static let profileBytes = 64 * 1024
    /// A letter as edited in the editor: 1 MiB.
    public static let editedLetterBytes = 1024 * 1024
    /// The small tables beside the lists (`data-dates.tsv`, `~/.netrc`): 1 MiB.
    public static let tableBytes = 1024 * 1024
    /// The ZIP-to-district table (`zip-districts.tsv`, about 700 KiB): 16 MiB.
    public static let zipTableBytes = 16 * 1024 * 1024

    /// A file read by `recipients import` or `update`: a YAML or CSV file of a public source
    /// (the largest is about 5 MiB), or a spreadsheet (`recipients import csv`): 64 MiB.
    public static let sourceFileBytes = 64 * 1024 * 1024

    /// A size as a person reads it: `64 KiB`, `1 MiB`, `700 bytes`.
    /// - Parameter bytes: the size in bytes.
    /// - Returns: the size in MiB or KiB when it is a whole number of them, else in bytes.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
