import Foundation

/// Standard output, buffered: one write call per 64 KiB rather than per row.
final class BufferedOutput {
    private var buffer = Data()

    func write(_ text: String) { write(Data(text.utf8)) }

    func write(_ data: Data) {
        buffer.append(data)
        if buffer.count >= 65_536 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
