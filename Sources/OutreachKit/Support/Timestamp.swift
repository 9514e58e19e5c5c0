import Foundation

/// ISO 8601 UTC timestamps, to the second, as stored in the queue.
public enum Timestamp {
    /// `2026-11-29T08:07:21Z`. The text changes once a second, so the last one is reused.
    public static func string(_ date: Date) -> String { cache.text(for: date) }

    private static let cache = SecondCache(format)

    private static func format(_ second: Int64) -> String {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
