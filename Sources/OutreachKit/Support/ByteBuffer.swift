/// A growable run of bytes written through a pointer, for building one message after another
/// in the same storage: a caller keeps one per thread, empties it with `removeAll()` and copies
/// out each finished message with `bytes` (one copy of exactly its length). Not thread-safe.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    /// Bytes the storage holds, in bytes.
    private(set) var capacity = 0
    /// Bytes written, in bytes.
    private(set) var count = 0

    /// - Parameter capacity: bytes to allocate now (more are allocated as needed).
    init(capacity: Int = 0) {
        if capacity > 0 { grow(to: capacity) }
    }

    deinit { base?.deallocate() }

    /// The bytes written, as a new array of exactly `count` bytes.
    var bytes: [UInt8] {
        guard let base else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets the bytes written and keeps the storage.
    func removeAll() { count = 0 }

    /// Appends `bytes`.
    func append<Bytes: Collection>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        withSpace(atMost: bytes.count) { space in
            UnsafeMutableBufferPointer(start: space, count: bytes.count).initialize(fromContentsOf: bytes)
        }
    }

    /// Gives `write` the storage after the last byte, with room for at least `maximum` bytes;
    /// `write` returns how many it wrote, which become part of the buffer.
    /// - Parameters:
    ///   - maximum: an upper bound on what `write` writes, in bytes.
    ///   - write: writes at most `maximum` bytes from the pointer and returns the number written.
    /// - Returns: the number of bytes written.
    @discardableResult
    func withSpace(atMost maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) -> Int {
        if count + maximum > capacity { grow(to: max(count + maximum, capacity * 2)) }
        guard let base else { return 0 }
        let written = write(base + count)
        precondition(written >= 0 && written <= maximum, "wrote past the space asked for")
        count += written
        return written
    }

    private func grow(to newCapacity: Int) {
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let base {
            storage.update(from: base, count: count)
            base.deallocate()
        }
        base = storage
        capacity = newCapacity
    }
}
