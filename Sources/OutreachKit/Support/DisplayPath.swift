import Foundation

/// Paths as a person reads them in messages: relative to the current folder when they lie
/// inside it (`Recipients/mayors.csv:12` when run from the checkout), absolute otherwise.
public enum DisplayPath {
    /// `url`'s path, shortened to be relative to `folder` when it lies inside it.
    /// - Parameters:
    ///   - url: a file or folder.
    ///   - folder: the current folder by default.
    /// - Returns: the path relative to `folder`, or the absolute path.
    public static func of(_ url: URL, from folder: String = FileManager.default.currentDirectoryPath) -> String {
        let path = url.standardizedFileURL.path
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(base) && path.count > base.count ? String(path.dropFirst(base.count)) : path
    }
}
