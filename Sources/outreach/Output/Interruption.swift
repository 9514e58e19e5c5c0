import Foundation
import OutreachKit

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) while sending: the message in
/// flight is finished and recorded, then the run stops; the run says which signal stopped it,
/// and exits 130, 143 or 129.
final class Interruption {
    private let lock = NSLock()
    private var signal: StopSignal?
    private var sources: [DispatchSourceSignal] = []

    init() {
        for stopSignal in StopSignal.allCases {
            Foundation.signal(stopSignal.number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: stopSignal.number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.set(stopSignal)
                Terminal.note("\n\(stopSignal.name): stopping after the message in flight…")
            }
            source.resume()
            sources.append(source)
        }
    }

    private func set(_ stopSignal: StopSignal) {
        lock.lock()
        if signal == nil { signal = stopSignal }
        lock.unlock()
    }

    /// The first signal received, if any.
    var requested: StopSignal? {
        lock.lock()
        defer { lock.unlock() }
        return signal
    }
}
