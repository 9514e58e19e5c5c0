import Foundation

/// Maps `items` with `transform` on every core, keeping order. The items are split into one
/// contiguous range per core.
/// - Parameters:
///   - items: what to map.
///   - workers: how many ranges; defaults to the number of active cores.
///   - transform: called once per item, from several threads at once.
/// - Returns: the results, in the order of `items`.
func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @Sendable (T) -> R
) -> [R] {
    let count = items.count
    let workers = max(1, min(workers, count))
    if workers == 1 { return items.map(transform) }
    var results = [R?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let output = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = count * worker / workers
            let end = count * (worker + 1) / workers
            for index in start..<end { output[index] = transform(items[index]) }
        }
    }
    return results.compactMap { $0 }
}

/// Maps `items` as `parallelMap(_:workers:_:)` does, with a state of each worker's own (a
/// buffer reused from item to item): `makeState` runs once per worker, on its thread.
/// - Parameters:
///   - items: what to map.
///   - workers: how many ranges; defaults to the number of active cores.
///   - makeState: makes one worker's state.
///   - transform: called once per item with its worker's state, from several threads at once.
/// - Returns: the results, in the order of `items`.
func parallelMap<T: Sendable, R: Sendable, State>(
    _ items: [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount, makeState: @Sendable () -> State,
    _ transform: @Sendable (State, T) -> R
) -> [R] {
    let count = items.count
    let workers = max(1, min(workers, count))
    if workers == 1 {
        let state = makeState()
        return items.map { transform(state, $0) }
    }
    var results = [R?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let output = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let state = makeState()
            let start = count * worker / workers
            let end = count * (worker + 1) / workers
            for index in start..<end { output[index] = transform(state, items[index]) }
        }
    }
    return results.compactMap { $0 }
}
