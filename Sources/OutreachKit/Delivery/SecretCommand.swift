import Foundation

/// Runs a password or token command (`smtp.password_command`, `smtp.token_command`,
/// `imap.password_command`) and reads its first line, within limits:
///
/// - the command runs with `/bin/sh -c`, standard input `/dev/null`, standard output a pipe
///   to `outreach`, standard error the terminal's (a password manager may explain itself
///   there), and no other open descriptor: every descriptor of `outreach` (the queue, its lock,
///   a connection) is marked close-on-exec before the command starts;
/// - the first line is at most `maximumLineBytes`, and all its output at most
///   `maximumOutputBytes` (the rest is read and dropped, so that a command that prints more
///   after the password is not cut off mid-write);
/// - it must end within the timeout (`OUTREACH_PASSWORD_COMMAND_TIMEOUT` seconds, default
///   `defaultTimeout`); then it is killed, with every process it started (found in `/proc`), so
///   that none is left holding the terminal's standard error. It stays in the terminal's
///   process group, so that a command may still ask for a passphrase on `/dev/tty`;
/// - the line must be UTF-8 (it is never repaired into U+FFFD, which would send a wrong
///   password) without control characters; a CR before the LF is dropped.
enum SecretCommand {
    /// The longest first line read: 16 KiB (an XOAUTH2 token is 2 to 4 KiB).
    static let maximumLineBytes = 16 * 1024
    /// The most output read in all: 1 MiB.
    static let maximumOutputBytes = 1024 * 1024
    /// Seconds a command may take, typing a passphrase into a password manager included.
    static let defaultTimeout = 60.0
    /// The environment variable that changes the timeout (seconds, 1 to 3600).
    static let timeoutVariable = "OUTREACH_PASSWORD_COMMAND_TIMEOUT"

    /// The first line of `command`'s output.
    /// - Parameters:
    ///   - command: the shell command.
    ///   - key: the setting it comes from, for errors.
    ///   - environment: where `OUTREACH_PASSWORD_COMMAND_TIMEOUT` is looked up.
    /// - Returns: the line, without its line break.
    /// - Throws: `DeliveryError.secretCommandFailed` for a status other than 0 (or a signal);
    ///   `.secretCommandProblem` for a command that cannot start, outlives the timeout, prints
    ///   too much or invalid UTF-8; `.secretCommandControl` for a control character.
    static func firstLine(of command: String, key: String, environment: [String: String]) throws -> String {
        let timeout = try self.timeout(environment)
        let child = try spawn(command, key: key)
        defer { close(child.output) }
        let deadline = Date().addingTimeInterval(timeout)
        var line: [UInt8] = []
        var total = 0
        var lineDone = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        func stop(_ problem: String, _ hint: String) -> DeliveryError {
            killTree(child.pid)
            return .secretCommandProblem(key: key, problem: problem, hint: hint)
        }
        reading: while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                throw stop(
                    "did not finish within \(describe(timeout)); it was stopped",
                    "check that it runs without waiting for input, or set \(timeoutVariable) to more seconds")
            }
            var poller = pollfd(fd: child.output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left * 1000, 1000).rounded(.up)))
            if ready < 0 && errno != EINTR { throw stop("could not be read", "run it yourself to see what it prints") }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw stop("could not be read", "run it yourself to see what it prints")
            }
            if count == 0 { break reading }
            total += count
            if total > maximumOutputBytes {
                throw stop(
                    "printed more than \(InputLimits.describe(bytes: maximumOutputBytes)); outreach reads its first line",
                    "make it print the password on the first line and stop")
            }
            guard !lineDone else { continue }
            let chunk = buffer[0..<count]
            if let end = chunk.firstIndex(of: 0x0A) {
                line += chunk[..<end]
                lineDone = true
            } else {
                line += chunk
            }
            if line.count > maximumLineBytes {
                throw stop(
                    "printed a first line longer than \(InputLimits.describe(bytes: maximumLineBytes))",
                    "make it print the password alone on the first line")
            }
        }
        let status = try wait(for: child.pid, until: deadline, key: key, timeout: timeout)
        guard status == 0 else { throw DeliveryError.secretCommandFailed(key: key, status: status) }
        if line.last == 0x0D { line.removeLast() }
        guard let secret = String(validating: line, as: UTF8.self) else {
            throw DeliveryError.secretCommandProblem(
                key: key, problem: "printed a first line that is not UTF-8 text",
                hint: "a password is sent as UTF-8; check the command's output encoding")
        }
        if secret.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw DeliveryError.secretCommandControl(key: key)
        }
        return secret
    }

    private static func describe(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) seconds" : String(format: "%.1f seconds", seconds)
    }

    /// The timeout in seconds: `OUTREACH_PASSWORD_COMMAND_TIMEOUT`, else `defaultTimeout`.
    private static func timeout(_ environment: [String: String]) throws -> Double {
        guard let text = environment[timeoutVariable], !text.isEmpty else { return defaultTimeout }
        guard let seconds = Double(text), seconds.isFinite, (0.1...3600).contains(seconds) else {
            throw DeliveryError.badSetting(
                key: timeoutVariable, value: text, reason: "is not a number of seconds from 0.1 to 3600",
                hint: "for example \(timeoutVariable)=60")
        }
        return seconds
    }

    /// Starts `/bin/sh -c command` with `/dev/null` in, a pipe out, and no other descriptor.
    private static func spawn(_ command: String, key: String) throws -> (pid: pid_t, output: Int32) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            throw DeliveryError.secretCommandProblem(
                key: key, problem: "could not be started: \(String(cString: strerror(errno)))",
                hint: "check that the system is not out of file descriptors")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        closeOnExec()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let result = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(writeEnd)
        guard result == 0 else {
            close(readEnd)
            throw DeliveryError.secretCommandProblem(
                key: key, problem: "could not be started: \(String(cString: strerror(result)))",
                hint: "check that /bin/sh exists")
        }
        return (pid, readEnd)
    }

    /// Marks every open descriptor from 3 up close-on-exec, so that a child started now keeps
    /// only standard input, output and error (and what the spawn's file actions give it).
    private static func closeOnExec() {
        let listing = ["/proc/self/fd", "/dev/fd"].lazy.compactMap {
            try? FileManager.default.contentsOfDirectory(atPath: $0)
        }.first
        let descriptors = listing?.compactMap { Int32($0) } ?? Array(3..<Int32(min(getdtablesize(), 65_536)))
        for descriptor in descriptors where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Kills `pid` and every process below it (SIGKILL), then reaps `pid`.
    private static func killTree(_ pid: pid_t) {
        for descendant in descendants(of: pid) { kill(descendant, SIGKILL) }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// The processes below `pid`, from the parent of each in `/proc/N/stat` (Linux); none where
    /// there is no `/proc`.
    private static func descendants(of pid: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let process = pid_t(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "PID (COMMAND) STATE PPID ...": the command may hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(process) }
        }
        var found: [pid_t] = []
        var queue = children[pid] ?? []
        while let next = queue.popLast() {
            found.append(next)
            queue += children[next] ?? []
        }
        return found
    }

    /// The exit status, waiting until `deadline` at most; a signal counts as 128 + its number.
    private static func wait(for pid: pid_t, until deadline: Date, key: String, timeout: Double) throws -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result > 0 || (result < 0 && errno != EINTR) { break }
            guard deadline.timeIntervalSinceNow > 0 else {
                killTree(pid)
                throw DeliveryError.secretCommandProblem(
                    key: key, problem: "did not finish within \(describe(timeout)); it was stopped",
                    hint: "check that it ends after printing, or set \(timeoutVariable) to more seconds")
            }
            usleep(10_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
