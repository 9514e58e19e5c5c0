/// A signal that asks a send run to stop after the message in flight.
public enum StopSignal: String, Sendable, Codable, CaseIterable {
    /// SIGINT: Ctrl-C on the terminal.
    case interrupt = "SIGINT"
    /// SIGTERM: `kill PID`, a service manager or a shutdown.
    case terminate = "SIGTERM"
    /// SIGHUP: the terminal the run was started from was closed (or its SSH connection lost).
    case hangUp = "SIGHUP"

    /// The signal's number (signal.h).
    public var number: Int32 {
        switch self {
        case .interrupt: return 2
        case .terminate: return 15
        case .hangUp: return 1
        }
    }

    /// How a person names it: `Ctrl-C`, `SIGTERM`, `SIGHUP`.
    public var name: String { self == .interrupt ? "Ctrl-C" : rawValue }

    /// 128 plus the signal's number, as a shell reports a process the signal ended: 130 for
    /// SIGINT, 143 for SIGTERM, 129 for SIGHUP.
    public var exitStatus: Int32 { 128 + number }
}
