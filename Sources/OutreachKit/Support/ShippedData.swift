import Foundation

/// Where the templates and recipient lists that come with `outreach` are, found from the
/// executable's own place, so that it works from any current folder:
///
/// 1. installed: `BIN/../share/outreach/` beside the executable in `BIN` (what `script/install`
///    lays out under its prefix);
/// 2. a source checkout: the nearest folder above the executable that holds `Package.swift`
///    (`.build/debug/outreach` lies inside the checkout it was built from).
///
/// Either qualifies only when it holds both `Templates/` and `Recipients/`.
public struct ShippedData: Sendable {
    /// The folder holding `Templates/` and `Recipients/`, or nil when none was found.
    public let root: URL?
    /// The folders that were looked at, in order, for an error message.
    public let searched: [String]

    /// Looks for the shipped data of the executable at `executable`.
    /// - Parameter executable: the running program (`ShippedData.currentExecutable`); symbolic
    ///   links are followed first, so a link in `~/bin` to an installed binary still finds it.
    public init(executable: URL) {
        let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [
            folder.deletingLastPathComponent().appendingPathComponent("share/outreach", isDirectory: true)
        ]
        // .build/x86_64-unknown-linux-gnu/debug/outreach is four levels below the checkout.
        var ancestor = folder
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: ancestor.appendingPathComponent("Package.swift").path) {
                candidates.append(ancestor)
                break
            }
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { break }
            ancestor = parent
        }
        searched = candidates.map(\.path)
        root = candidates.first { candidate in
            ["Templates", "Recipients"].allSatisfy { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(
                    atPath: candidate.appendingPathComponent(name).path, isDirectory: &isFolder)
                    && isFolder.boolValue
            }
        }.map { $0.standardizedFileURL }
    }

    /// The shipped `Templates/` folder.
    public var templatesFolder: URL? { root?.appendingPathComponent("Templates", isDirectory: true) }
    /// The shipped `Recipients/` folder.
    public var recipientsFolder: URL? { root?.appendingPathComponent("Recipients", isDirectory: true) }

    /// The running program's file: `/proc/self/exe` on Linux (the real file, whatever the
    /// command was typed as), else Foundation's idea of it, else `argv[0]`.
    public static var currentExecutable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        if let url = Bundle.main.executableURL { return url }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? "outreach")
    }

    /// The shipped data of the running program.
    public static var current: ShippedData { ShippedData(executable: currentExecutable) }
}
