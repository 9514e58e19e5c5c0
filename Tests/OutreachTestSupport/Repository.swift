import Foundation

/// Paths in the repository, found from this file's place in it.
public enum Repository {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let templates = root.appendingPathComponent("Templates").path
    public static let recipients = root.appendingPathComponent("Recipients").path
    public static let scripts = root.appendingPathComponent("Tests/Scripts").path
    public static let fixtures = root.appendingPathComponent("Tests/Fixtures").path
}
