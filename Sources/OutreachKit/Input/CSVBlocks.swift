import Foundation

/// Reads a CSV file in blocks of whole rows, making the checks CSV.swift does not: the file is
/// a regular file and UTF-8 (a BOM is dropped), no quoted field is left open (RFC 4180 §2), no
/// line is longer than `InputLimits.lineBytes` and no row than `InputLimits.recipientRowBytes`.
/// Fields are separated by commas, or by the delimiter a spreadsheet export uses. Each block is
/// then parsed by CSV.swift from a string, which is faster than its stream reader and keeps
/// memory to about one block however large the file (a file without line breaks is refused at
/// the bound, never read whole).
enum CSVBlocks {
    /// About how many bytes a block holds (a block always ends at the end of a row).
    static let blockSize = 1 << 18

    /// Calls `visit` with each block's text and the 1-based line it starts on.
    /// - Parameters:
    ///   - path: the file.
    ///   - delimiter: the byte between fields (`,`; a spreadsheet's `;` or tab).
    ///   - visit: called with each block.
    /// - Throws: `InputError.notUTF8` naming the line and the first bad bytes;
    ///   `.unterminatedQuote` naming the line where the open quoted field starts;
    ///   `.lineTooLong` or `.rowTooLong` naming the line; `.notAFile` for a folder, a device or
    ///   a pipe; `.cannotRead` when the file cannot be opened; whatever `visit` throws.
    static func read(path: String, delimiter: UInt8 = 0x2C, _ visit: (String, Int) throws -> Void) throws {
        try InputFile.checkKind(path: path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError.cannotRead(path: path, reason: "no such file, or not readable")
        }
        defer { try? handle.close() }
        try read(file: path, delimiter: delimiter, next: { handle.readData(ofLength: blockSize) }, visit)
    }

    /// As `read(path:delimiter:_:)`, on text already in memory (a file converted from another
    /// encoding); `file` names it in errors.
    /// - Parameters:
    ///   - data: the text as UTF-8.
    ///   - file: the file it came from.
    ///   - delimiter: the byte between fields.
    ///   - visit: called with each block.
    /// - Throws: as `read(path:delimiter:_:)`.
    static func read(data: Data, file: String, delimiter: UInt8, _ visit: (String, Int) throws -> Void) throws {
        var offset = 0
        try read(
            file: file, delimiter: delimiter,
            next: {
                let end = min(data.count, offset + blockSize)
                defer { offset = end }
                return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + end))
            }, visit)
    }

    private static func read(
        file path: String, delimiter: UInt8, next: () -> Data, _ visit: (String, Int) throws -> Void
    ) throws {
        var state = QuoteState.fieldStart
        var line = 1  // the line `pending` starts on
        var quoteLine = 1
        var pending: [UInt8] = []  // bytes read but not yet handed over
        var scanned = 0  // how much of `pending` the quote scan has seen
        var scanLine = 1  // the line at `scanned`
        var rowEnd = 0  // the end of the last whole row in `pending`
        var rowEndLine = 1
        var lineLength = 0  // bytes since the last line break
        var first = true
        while true {
            let chunk = next()
            pending.append(contentsOf: chunk)
            if first && !pending.isEmpty {
                first = false
                if pending.starts(with: [0xFF, 0xFE]) || pending.starts(with: [0xFE, 0xFF]) {
                    throw InputError.notUTF8(
                        location: SourceLocation(file: path, line: 1),
                        detail: "the file starts with a UTF-16 byte-order mark")
                }
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
            }
            let atEnd = chunk.isEmpty
            for index in scanned..<pending.count {
                let byte = pending[index]
                if byte == 0x0A {
                    scanLine += 1
                    lineLength = 0
                } else {
                    lineLength += 1
                    if lineLength > InputLimits.lineBytes {
                        throw InputError.lineTooLong(
                            location: SourceLocation(file: path, line: scanLine), limit: InputLimits.lineBytes)
                    }
                }
                switch state {
                case .fieldStart:
                    if byte == 0x22 {
                        state = .quoted
                        quoteLine = scanLine
                    } else if byte == 0x0A {
                        rowEnd = index + 1
                        rowEndLine = scanLine
                    } else if byte != delimiter && byte != 0x0D {
                        state = .unquoted
                    }
                case .unquoted:
                    if byte == delimiter { state = .fieldStart }
                    if byte == 0x0A {
                        state = .fieldStart
                        rowEnd = index + 1
                        rowEndLine = scanLine
                    }
                case .quoted:
                    if byte == 0x22 { state = .quoteInQuoted }
                case .quoteInQuoted:
                    if byte == 0x22 {
                        state = .quoted
                    } else if byte == 0x0A {
                        state = .fieldStart
                        rowEnd = index + 1
                        rowEndLine = scanLine
                    } else {
                        state = byte == delimiter ? .fieldStart : .unquoted
                    }
                }
            }
            scanned = pending.count
            if scanned - rowEnd > InputLimits.recipientRowBytes {
                throw InputError.rowTooLong(
                    location: SourceLocation(file: path, line: rowEndLine), limit: InputLimits.recipientRowBytes)
            }
            if atEnd {
                if state == .quoted {
                    throw InputError.unterminatedQuote(location: SourceLocation(file: path, line: quoteLine))
                }
                rowEnd = pending.count
            }
            if rowEnd > 0 && (rowEnd >= blockSize || atEnd) {
                try visit(try text(pending[..<rowEnd], path: path, firstLine: line), line)
                pending.removeFirst(rowEnd)
                scanned -= rowEnd
                line = rowEndLine
                rowEnd = 0
            }
            if atEnd { return }
        }
    }

    private enum QuoteState { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The block as a string, or the line and bytes where it stops being UTF-8.
    private static func text(_ bytes: ArraySlice<UInt8>, path: String, firstLine: Int) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let valid = validUTF8Prefix(bytes)
        let badLine = firstLine + bytes[bytes.startIndex..<valid].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let shown = bytes[valid..<min(bytes.endIndex, valid + 2)].map { String(format: "0x%02X", $0) }
        throw InputError.notUTF8(
            location: SourceLocation(file: path, line: badLine),
            detail: "byte \(shown.joined(separator: " ")) is not valid UTF-8 (the file may be Windows-1252 or Latin-1)")
    }

    /// The index where the longest valid UTF-8 prefix of `bytes` ends (RFC 3629 §4).
    private static func validUTF8Prefix(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.endIndex,
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return index
    }
}
