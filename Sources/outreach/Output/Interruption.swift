import Foundation

/// Ctrl-C (SIGINT) and SIGTERM while sending: the message in flight is finished and recorded,
/// then the run stops.
final class Interruption {
    private let lock = NSLock()
    private var flag = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.set()
                Terminal.note("\nstopping after the message in flight…")
            }
            source.resume()
            sources.append(source)
        }
    }

    private func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
