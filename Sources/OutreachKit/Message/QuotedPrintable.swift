import Foundation

/// Quoted-printable content transfer encoding, RFC 2045 §6.7.
public enum QuotedPrintable {
    /// RFC 2045 §6.7 (5): encoded lines are at most 76 characters, soft line break included.
    public static let maximumLineLength = 76

    /// Encodes a text body. Line breaks stay hard line breaks, written CRLF (rule 4); `=`,
    /// controls and bytes above 126 become `=XX` (rules 1-2); a space or tab at the end of a
    /// line is encoded (rule 3); long lines get soft breaks (`=` CRLF) so that no line passes 76
    /// characters (rule 5), and never inside a UTF-8 character (its `=XX` triplets stay on one
    /// line, so that each line decodes to whole characters).
    /// - Parameter body: UTF-8 bytes; any of CRLF, CR or LF ends a line.
    /// - Returns: the encoded body, CRLF line ends, every line at most 76 octets.
    public static func encode(_ body: [UInt8]) -> [UInt8] {
        let buffer = ByteBuffer()
        body.withUnsafeBufferPointer { encode($0, endingWithLineBreak: false, into: buffer) }
        return buffer.bytes
    }

    /// Encodes `body` as `encode(_:)` does, in one pass over its bytes, appending to `buffer`.
    /// - Parameters:
    ///   - body: UTF-8 bytes; any of CRLF, CR or LF ends a line.
    ///   - endingWithLineBreak: end the output with CRLF when `body` is empty or does not end
    ///     with a line break (a message body always ends with one).
    ///   - buffer: receives the encoded bytes after those it holds.
    static func encode(_ body: UnsafeBufferPointer<UInt8>, endingWithLineBreak: Bool, into buffer: ByteBuffer) {
        // At most 3 octets per byte, a soft break per 64 octets of a line (a 4-byte character
        // is 12), and a last CRLF.
        let bound = 3 * body.count + 3 * (3 * body.count / 64 + 1) + 2
        buffer.withSpace(atMost: bound) { output in
            var written = 0
            var lineLength = 0
            var index = 0
            let count = body.count
            @inline(__always) func put(_ byte: UInt8) {
                output[written] = byte
                written += 1
            }
            @inline(__always) func putEscaped(_ byte: UInt8) {
                let high = byte >> 4
                let low = byte & 0x0F
                put(0x3D)
                put(high < 10 ? 0x30 + high : 0x37 + high)
                put(low < 10 ? 0x30 + low : 0x37 + low)
            }
            while index < count {
                let byte = body[index]
                // Most bytes: printable, not "=", with room left on the line whatever follows.
                if byte >= 33 && byte <= 126 && byte != 0x3D && lineLength < maximumLineLength - 1 {
                    put(byte)
                    lineLength += 1
                    index += 1
                    continue
                }
                if byte == 0x0D || byte == 0x0A {
                    put(0x0D)
                    put(0x0A)
                    lineLength = 0
                    index += byte == 0x0D && index + 1 < count && body[index + 1] == 0x0A ? 2 : 1
                    continue
                }
                // A UTF-8 character's bytes go together; a stray byte goes alone.
                var length = 1
                if byte >= 0xC2 && byte <= 0xF4 {
                    let expected = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    while length < expected && index + length < count && body[index + length] & 0xC0 == 0x80 {
                        length += 1
                    }
                }
                let next = index + length
                let atLineEnd = next == count || body[next] == 0x0D || body[next] == 0x0A
                let literal =
                    length == 1
                    && ((byte >= 33 && byte <= 126 && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !atLineEnd))
                let width = literal ? 1 : 3 * length
                // Keep room for the soft break's "=" unless this ends the line.
                if lineLength + width > (atLineEnd ? maximumLineLength : maximumLineLength - 1) {
                    put(0x3D)
                    put(0x0D)
                    put(0x0A)
                    lineLength = 0
                }
                if literal {
                    put(byte)
                } else {
                    for offset in index..<next { putEscaped(body[offset]) }
                }
                lineLength += width
                index = next
            }
            if endingWithLineBreak && (count == 0 || (body[count - 1] != 0x0A && body[count - 1] != 0x0D)) {
                put(0x0D)
                put(0x0A)
            }
            return written
        }
    }

    /// Decodes quoted-printable bytes: `=XX` escapes and soft line breaks. Malformed escapes
    /// are kept as they are (RFC 2045 §6.7, note 2).
    public static func decode(_ encoded: [UInt8]) -> Data {
        var output = Data()
        output.reserveCapacity(encoded.count)
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        while index < encoded.count {
            let byte = encoded[index]
            guard byte == 0x3D else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < encoded.count, encoded[index + 1] == 0x0D, encoded[index + 2] == 0x0A {
                index += 3
            } else if index + 1 < encoded.count, encoded[index + 1] == 0x0A {
                index += 2
            } else if index + 2 < encoded.count, let high = hexValue(encoded[index + 1]),
                let low = hexValue(encoded[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
