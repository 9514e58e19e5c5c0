import Foundation

/// Quoted-printable content transfer encoding, RFC 2045 §6.7.
public enum QuotedPrintable {
    /// RFC 2045 §6.7 (5): encoded lines are at most 76 characters, soft line break included.
    public static let maximumLineLength = 76

    /// Encodes a text body whose lines end in CRLF. Line breaks stay hard line breaks (rule 4);
    /// `=`, controls and bytes above 126 become `=XX` (rules 1-2); a space or tab at the end of a
    /// line is encoded (rule 3); long lines get soft breaks (`=` CRLF) so no line exceeds 76.
    /// - Parameter body: UTF-8 bytes with CRLF line ends and no bare CR or LF.
    /// - Returns: the encoded body, CRLF line ends, every line at most 76 octets.
    public static func encode(_ body: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count + body.count / 8)
        let hex = Array("0123456789ABCDEF".utf8)
        var lineLength = 0
        var index = 0
        let count = body.count
        while index < count {
            let byte = body[index]
            if byte == 0x0D, index + 1 < count, body[index + 1] == 0x0A {
                output += [0x0D, 0x0A]
                lineLength = 0
                index += 2
                continue
            }
            let atLineEnd =
                index + 1 == count || (body[index + 1] == 0x0D && index + 2 < count && body[index + 2] == 0x0A)
            let literal = (byte >= 33 && byte <= 126 && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            let width = literal ? 1 : 3
            // Keep room for the soft break "=" unless this is the line's last character.
            let room = atLineEnd ? maximumLineLength : maximumLineLength - 1
            if lineLength + width > room {
                output += [0x3D, 0x0D, 0x0A]
                lineLength = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            lineLength += width
            index += 1
        }
        return output
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
