/// Who may send a template's letter: front matter `sender`.
///
/// A letter that says "I live in {{sender.city}}" is true only from someone who lives there, so
/// its template says `sender: resident`, and `outreach draft` refuses it for an office outside
/// the sender's own (see `Constituency`). A template without the key may be sent by anyone.
public enum SenderRule: String, CaseIterable, Sendable, Codable {
    /// Only from someone the office serves: who lives in its city (a local office) or its state
    /// (a state or federal office), and in its district where the profile makes that certain.
    case resident
    /// From anyone: the letter says nothing about where its sender lives that is not true
    /// everywhere.
    case anyone

    /// The values `sender` takes, for error messages.
    public static var names: [String] { allCases.map(\.rawValue) }
}
