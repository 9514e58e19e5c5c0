import Foundation

/// The `Date` header's text, RFC 5322 §3.3: `Sun, 29 Nov 2026 08:07:21 -0800`.
public enum MessageDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats `date` in the local time zone (`TZ`) with a numeric zone offset, never a name.
    /// - Parameter date: the moment; fractions of a second are dropped.
    /// - Returns: the field value, ASCII.
    public static func format(_ date: Date) -> String { cache.text(for: date) }

    private static let cache = SecondCache(format(second:))

    private static func format(second: Int64) -> String {
        var seconds = time_t(second)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let offset = parts.tm_gmtoff / 60
        let sign = offset < 0 ? "-" : "+"
        let zone = String(format: "%@%02d%02d", sign, abs(offset) / 60, abs(offset) % 60)
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d %@", days[Int(parts.tm_wday)], parts.tm_mday,
            months[Int(parts.tm_mon)], Int(parts.tm_year) + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec, zone)
    }

    /// The date written out for letters (`{{date}}`): `November 29, 2026`, in the local time zone.
    public static func longForm(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMMM d, yyyy"
        return formatter.string(from: date)
    }

    /// True for a real calendar day written YYYY-MM-DD.
    public static func isCalendarDay(_ text: String) -> Bool {
        // Checked on every recipient row: no allocation.
        var year = 0
        var month = 0
        var day = 0
        var count = 0
        for byte in text.utf8 {
            count += 1
            if count == 5 || count == 8 {
                guard byte == 0x2D else { return false }
                continue
            }
            guard (0x30...0x39).contains(byte), count <= 10 else { return false }
            let digit = Int(byte - 0x30)
            if count <= 4 {
                year = year * 10 + digit
            } else if count <= 7 {
                month = month * 10 + digit
            } else {
                day = day * 10 + digit
            }
        }
        guard count == 10, (1...12).contains(month) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days: Int
        switch month {
        case 2: days = leap ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return (1...days).contains(day)
    }

    /// `YYYY-MM-DD` in the local time zone, for comparing with `term_end`.
    public static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
