import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program on a pseudo-terminal, so that it sees a terminal on standard input, output
/// and error (`isatty` is true) as when a person runs it, and lets a test read what it prints
/// and type answers. The test orders its steps by what the program prints (`waitFor`), never
/// by sleeping.
public final class PseudoTerminal: @unchecked Sendable {
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let master: Int32
    private let lock = NSCondition()
    private var bytes: [UInt8] = []
    private var closed = false

    /// Starts `program` with `arguments` on a new pseudo-terminal.
    /// - Parameters:
    ///   - program: the executable.
    ///   - arguments: its arguments.
    ///   - environment: its whole environment.
    ///   - directory: its working folder.
    /// - Throws: an `NSError` when no pseudo-terminal can be opened or the program cannot start.
    public init(_ program: URL, _ arguments: [String], environment: [String: String], in directory: String) throws {
        guard let (master, path) = Self.openMaster() else {
            throw NSError(domain: "PseudoTerminal", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "no pty"])
        }
        self.master = master
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            throw NSError(domain: "PseudoTerminal", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "no slave"])
        }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = program
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Only the child keeps the terminal open now: its exit ends the reads below (EIO).
        close(slave)
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                lock.lock()
                if count > 0 { bytes.append(contentsOf: buffer[0..<count]) } else { closed = true }
                lock.broadcast()
                lock.unlock()
                if count <= 0 { return }
            }
        }.start()
    }

    /// Opens a pseudo-terminal's master side (posix_openpt, grantpt, unlockpt, ptsname_r: POSIX).
    /// Swift's Glibc module does not export these, so on Linux they are looked up in the C library.
    /// - Returns: the master's descriptor and the path of the terminal side, or nil.
    private static func openMaster() -> (Int32, String)? {
        #if canImport(Glibc)
        typealias IntOfInt = @convention(c) (Int32) -> Int32
        typealias NameOf = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let libc = dlopen(nil, RTLD_NOW)
        guard let openSymbol = dlsym(libc, "posix_openpt"), let grantSymbol = dlsym(libc, "grantpt"),
            let unlockSymbol = dlsym(libc, "unlockpt"), let nameSymbol = dlsym(libc, "ptsname_r")
        else { return nil }
        let posixOpenpt = unsafeBitCast(openSymbol, to: IntOfInt.self)
        let grantpt = unsafeBitCast(grantSymbol, to: IntOfInt.self)
        let unlockpt = unsafeBitCast(unlockSymbol, to: IntOfInt.self)
        let ptsnameR = unsafeBitCast(nameSymbol, to: NameOf.self)
        let master = posixOpenpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 256)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, ptsnameR(master, &name, name.count) == 0
        else { return nil }
        return (master, String(cString: name))
        #else
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            return nil
        }
        return (master, String(cString: name))
        #endif
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Everything the program printed so far (the terminal's CRLF line ends turned into LF).
    public var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Waits until the output holds `text` `count` times, or the program has exited and said all it will.
    /// - Parameters:
    ///   - text: what to wait for.
    ///   - count: how many times it must have appeared.
    ///   - seconds: a bound that only ends a broken test.
    /// - Returns: true when it appeared.
    @discardableResult
    public func waitFor(_ text: String, count: Int = 1, seconds: Double = 120) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while true {
            let shown = String(decoding: bytes, as: UTF8.self)
            if shown.components(separatedBy: text).count - 1 >= count { return true }
            if closed || !lock.wait(until: deadline) { return false }
        }
    }

    /// Presses keys: `keys` as they are, with no Return after them (`"\u{03}"` is Ctrl-C).
    /// - Parameter keys: the bytes to type.
    public func press(_ keys: String) {
        let data = Array(keys.utf8)
        _ = data.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Types `line` and Return.
    public func type(_ line: String) {
        let data = Array((line + "\n").utf8)
        _ = data.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits for the program to exit, and for the last of its output.
    /// - Parameter seconds: a bound that only ends a broken test.
    /// - Returns: its exit status, or nil when it is still running after `seconds` (it is then stopped).
    public func waitForExit(seconds: Double = 120) -> Int32? {
        guard exited.wait(timeout: .now() + seconds) == .success else {
            process.terminate()
            return nil
        }
        exited.signal()
        // Everything it printed is read once the terminal's other side has closed.
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        while !closed && lock.wait(until: deadline) {}
        lock.unlock()
        return process.terminationStatus
    }
}
