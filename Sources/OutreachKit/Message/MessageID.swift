import Foundation

/// Message-IDs, RFC 5322 §3.6.4: `<1795940274.3f9c2a7e51d04b6c8a1e0f2d9b7c4a13.000001f3@example.org>`.
public enum MessageID {
    /// A new globally unique Message-ID under `domain`: the time in seconds, 128 random bits
    /// drawn once per batch (`token`), and the letter's place in the batch. Two ids from one
    /// batch differ in their sequence; two batches (even in the same second, on two machines)
    /// differ in their token. The time comes first so the queue's index grows at its end.
    /// - Parameters:
    ///   - domain: the sender's domain (the right side of the From address).
    ///   - date: the time to put in the left side.
    ///   - token: the batch's random part, from `newToken()`; a fresh one when nil.
    ///   - sequence: the letter's place in its batch.
    /// - Returns: the id with its angle brackets.
    public static func make(domain: String, date: Date, token: String? = nil, sequence: Int = 0) -> String {
        let stamp = Int64(date.timeIntervalSince1970)
        return "<\(stamp).\(token ?? newToken()).\(hex(UInt64(sequence), digits: 8))@\(domain)>"
    }

    /// A new Message-ID for a test copy of a letter (`send --test`): like `make`'s, the same
    /// length, with `test0000` for the sequence (our sequences are hexadecimal, so it is never a
    /// letter's). Each test copy gets its own, so that a mailbox that drops a Message-ID it
    /// already holds still shows the second test, and no report about a copy is taken for one
    /// about the letter.
    /// - Parameters:
    ///   - letterID: the letter's Message-ID, with angle brackets; its domain is kept.
    ///   - date: the time to put in the left side.
    /// - Returns: the id with its angle brackets.
    public static func makeTest(for letterID: String, date: Date) -> String {
        let domain = letterID.lastIndex(of: "@").map { String(letterID[letterID.index(after: $0)...].dropLast()) }
        let stamp = Int64(date.timeIntervalSince1970)
        return "<\(stamp).\(newToken()).test0000@\(domain ?? "localhost")>"
    }

    /// 128 random bits from the system's generator, as 32 hexadecimal digits.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(generator.next()) + hex(generator.next())
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hexadecimal, zero-padded to `digits` places (16 for a 64-bit value).
    static func hex(_ value: UInt64, digits count: Int = 16) -> String {
        var bytes = [UInt8](repeating: 0x30, count: count)
        var rest = value
        var index = count - 1
        while index >= 0 {
            bytes[index] = digits[Int(rest & 0xF)]
            rest >>= 4
            index -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
