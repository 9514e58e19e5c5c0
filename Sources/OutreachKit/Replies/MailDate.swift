import Foundation

/// Dates in received mail: the `Date` field (RFC 5322 §3.3, with the obsolete zone names of
/// §4.3) and IMAP's INTERNALDATE (`17-Jul-1996 02:44:25 -0700`, RFC 3501 §9).
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// RFC 5322 §4.3: the obsolete zone names, in minutes east of UTC.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360,
        "pst": -480, "pdt": -420,
    ]

    /// The moment `text` names, or nil when it names none (an unknown zone counts as UTC).
    static func parse(_ text: String) -> Date? {
        // Comments ("(PDT)") and the day name go; INTERNALDATE's dashes become spaces.
        var cleaned = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                cleaned.append(character)
            }
        }
        var words = cleaned.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map(String.init)
        if let first = words.first, first.contains("-"), first.split(separator: "-").count == 3 {
            words = first.split(separator: "-").map(String.init) + words.dropFirst()
        }
        if let first = words.first, Int(first) == nil { words.removeFirst() }
        guard words.count >= 4, let day = Int(words[0]), (1...31).contains(day),
            let month = months.firstIndex(of: words[1].prefix(3).lowercased()), var year = Int(words[2])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard clock.count >= 2, let hour = clock[0], let minute = clock[1], (0...23).contains(hour),
            (0...59).contains(minute)
        else { return nil }
        let second = clock.count > 2 ? (clock[2] ?? 0) : 0
        var offsetMinutes = 0
        if words.count > 4 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offsetMinutes = (value / 100 * 60 + value % 100) * (sign == "-" ? -1 : 1)
            } else {
                offsetMinutes = zones[zone.lowercased()] ?? 0
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(min(max(second, 0), 60))
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds - offsetMinutes * 60))
    }
}
