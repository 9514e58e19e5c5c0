import Foundation
import Synchronization

/// Remembers the text made for the last whole second: timestamps change once a second while a
/// send or a draft stamps thousands of letters.
final class SecondCache: Sendable {
    private let last = Mutex<(second: Int64, text: String)>((-1, ""))
    private let make: @Sendable (Int64) -> String

    /// - Parameter make: the text for a Unix time in whole seconds.
    init(_ make: @escaping @Sendable (Int64) -> String) {
        self.make = make
    }

    /// The text for `date`, fractions of a second dropped.
    func text(for date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        return last.withLock { last in
            if last.second == second { return last.text }
            let text = make(second)
            last = (second, text)
            return text
        }
    }
}
