import Foundation

/// A first-in first-out hand-over between two threads that holds at most `capacity` items:
/// the sender waits when it is full, the receiver when it is empty. Used to read recipient
/// files on one thread while another writes the queue.
final class BoundedChannel<Element> {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds an item, waiting while the channel is full. Items sent after `close` are dropped.
    func send(_ item: Element) {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { return }
        items.append(item)
        condition.broadcast()
    }

    /// Marks the end: `receive` returns nil once the items are taken; `send` stops waiting.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Takes the oldest item, waiting while the channel is empty; nil after `close` when empty.
    func receive() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }
}
