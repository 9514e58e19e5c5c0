import Foundation

/// Which letters `outreach log` shows.
public struct LogFilter: Sendable {
    public var statuses: [LetterStatus] = []
    /// The recipient's role.
    public var role: Role?
    /// Text found in the recipient's name, office or address (case-insensitive).
    public var recipient: String?
    public var template: String?
    /// Activity at or after / before this moment.
    public var since: Date?
    public var until: Date?
    public var limit: Int?
    /// Only letters sent that no person has answered (status `sent`; automatic replies do not count).
    public var unanswered = false
    /// Only letters sent before this moment.
    public var sentBefore: Date?

    public init() {}

    /// Parses `7d`, `24h`, `30m`, `2w`, or a day `YYYY-MM-DD` (local midnight), relative to `now`.
    /// - Parameters:
    ///   - text: the value given.
    ///   - option: the flag it was given to, for the error.
    ///   - now: what a span counts back from.
    ///   - endOfDay: for `--until`, a day means up to the end of that day.
    /// - Returns: the moment; a span longer than a century counts back a century.
    /// - Throws: `InputError.badOption` naming `option`.
    public static func moment(_ text: String, option: String, now: Date = Date(), endOfDay: Bool = false) throws -> Date
    {
        if MessageDate.isCalendarDay(text) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd"
            if let date = formatter.date(from: text) { return endOfDay ? date.addingTimeInterval(86_400) : date }
        }
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        // At most a century back: any older is all of the log.
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count >= 0,
            count.isFinite
        {
            return now.addingTimeInterval(-min(count * seconds, 100 * 365 * 86_400))
        }
        throw InputError.badOption(
            option: option, reason: "'\(text)' is not a date or a span",
            hint: "write YYYY-MM-DD, or a span such as 30m, 24h, 7d or 2w")
    }
}
