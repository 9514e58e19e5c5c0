import Foundation

/// An IMAP server's reply to one command, read from its bytes (RFC 3501 §7, §9): the data of
/// `FETCH` responses, what `EXAMINE` reports, and the tagged completion.
///
/// Reading never traps on bad input: a reply cut short, a literal longer than what came, or a
/// line that is no IMAP is reported through `complete` and `problem`, with what was read before it.
struct IMAPReply {
    /// One message's data from a `FETCH` response.
    struct Fetch {
        /// The message sequence number.
        var sequence: Int
        var uid: Int?
        /// `INTERNALDATE` as sent (`17-Jul-1996 02:44:25 -0700`).
        var internalDate: String?
        var flags: [String] = []
        /// RFC822.SIZE, in bytes.
        var size: Int?
        /// `BODY[...]` sections by their name as the server echoed it (`HEADER`, `TEXT`,
        /// `HEADER.FIELDS (...)`), each with the partial origin stripped, and their bytes.
        var sections: [String: [UInt8]] = [:]
    }

    var fetches: [Fetch] = []
    /// From `EXAMINE`: `[UIDVALIDITY n]`, `[UIDNEXT n]`, `n EXISTS`.
    var uidValidity: Int?
    var uidNext: Int?
    var exists: Int?
    /// `OK`, `NO` or `BAD` from the tagged lines: the first refusal, else the last `OK`; nil
    /// when none came.
    var status: String?
    /// That tagged line's text (a `BYE`'s text when the server said goodbye instead).
    var text = ""
    /// True when the reply ended with its tagged line and every literal was whole.
    var complete = false
    /// Why the reply could not be read to its end.
    var problem: String?

    /// Reads `bytes` (the reply as the server sent it, CRLF line ends).
    init(_ bytes: [UInt8]) {
        var reader = IMAPTokenReader(bytes)
        // The first command on a connection also carries the greeting and the login's own
        // tagged lines: the command's completion is the last line.
        var lastWasTagged = false
        while !reader.atEnd {
            do {
                lastWasTagged = try readLine(&reader)
            } catch let error as IMAPTokenReader.Problem {
                problem = error.reason
                return
            } catch {
                problem = "\(error)"
                return
            }
        }
        complete = lastWasTagged
        if !complete { problem = "the reply ended before the server said it was complete" }
    }

    /// Reads one response line (with any literals in it); true for a tagged completion.
    private mutating func readLine(_ reader: inout IMAPTokenReader) throws -> Bool {
        let tag = reader.atom()
        reader.skipSpaces()
        if tag == "+" {
            try reader.skipLine()
            return false
        }
        if tag != "*" {
            guard !tag.isEmpty else { throw IMAPTokenReader.Problem(reason: "a reply line without a tag") }
            let lineStatus = reader.atom().uppercased()
            reader.skipSpaces()
            let lineText = reader.restOfLine()
            // A refusal stays the answer though libcurl's LOGOUT after it is answered OK.
            if status == nil || status == "OK" {
                status = lineStatus
                text = lineText
            }
            return true
        }
        let word = reader.atom()
        reader.skipSpaces()
        if let number = Int(word) {
            let kind = reader.atom().uppercased()
            reader.skipSpaces()
            switch kind {
            case "FETCH": fetches.append(try readFetch(&reader, sequence: number))
            case "EXISTS": exists = number
            default: break
            }
            try reader.skipLine()
            return false
        }
        switch word.uppercased() {
        case "OK", "NO", "BAD", "BYE", "PREAUTH":
            if reader.peek == UInt8(ascii: "[") {
                let code = reader.bracketed()
                let parts = code.split(separator: " ")
                if parts.count == 2, let value = Int(parts[1]) {
                    switch parts[0].uppercased() {
                    case "UIDVALIDITY": uidValidity = value
                    case "UIDNEXT": uidNext = value
                    default: break
                    }
                }
            }
            if word.uppercased() == "BYE" && status == nil { text = reader.restOfLine() } else { try reader.skipLine() }
        default:
            try reader.skipLine()
        }
        return false
    }

    private func readFetch(_ reader: inout IMAPTokenReader, sequence: Int) throws -> Fetch {
        var fetch = Fetch(sequence: sequence)
        try reader.expect(UInt8(ascii: "("))
        while true {
            reader.skipSpaces()
            if reader.peek == UInt8(ascii: ")") {
                reader.advance()
                return fetch
            }
            let name = try reader.itemName()
            reader.skipSpaces()
            switch name.uppercased() {
            case "UID": fetch.uid = Int(reader.atom())
            case "RFC822.SIZE": fetch.size = Int(reader.atom())
            case "INTERNALDATE": fetch.internalDate = try reader.nstring().map { String(decoding: $0, as: UTF8.self) }
            case "FLAGS": fetch.flags = try reader.list()
            default:
                if name.uppercased().hasPrefix("BODY[") || name.uppercased().hasPrefix("BINARY[") {
                    var section = String(name.drop { $0 != "[" }.dropFirst())
                    if let close = section.lastIndex(of: "]") { section = String(section[..<close]) }
                    fetch.sections[section.uppercased()] = try reader.nstring() ?? []
                } else {
                    try reader.skipValue()
                }
            }
        }
    }
}
