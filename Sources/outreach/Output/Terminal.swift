import Foundation
import OutreachKit

/// What the output streams are connected to: colour only on a terminal and without `NO_COLOR`.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// True when colour may be used on standard error (https://no-color.org).
    static var colorOnStderr: Bool {
        stderrIsTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The terminal's width in columns, or nil when standard output is not a terminal.
    static var width: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// Writes a line to standard error, control and invisible characters made visible
    /// (`VisibleText`), between `prefix` and `suffix` (colour codes, written as they are).
    /// - Parameters:
    ///   - text: the line.
    ///   - prefix: written before it, as it is.
    ///   - suffix: written after it, as it is.
    ///   - oneLine: escape line breaks too (an error is one line, whatever a value in it holds).
    static func note(_ text: String, prefix: String = "", suffix: String = "", oneLine: Bool = false) {
        FileHandle.standardError.write(
            Data((prefix + VisibleText.escaped(text, keepingLineBreaks: !oneLine) + suffix + "\n").utf8))
    }

    /// A progress line on standard error, rewritten in place; only on a terminal.
    static func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(VisibleText.escaped(text))".utf8))
    }

    /// Asks `question` on standard error, adding ` [y/N] `; only "y" or "yes" is yes.
    static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(VisibleText.escaped(question)) [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.lowercased())
    }

    /// Reads a secret from the terminal without echo (`SecretPrompt`). Ctrl-C ends the program
    /// at once with exit 130, before any login is attempted.
    /// - Parameter prompt: the question, ending with ": ".
    /// - Returns: what was typed, or nil at the end of input (Ctrl-D).
    static func askSecret(_ prompt: String) -> String? {
        switch SecretPrompt.read(VisibleText.escaped(prompt)) {
        case .secret(let value): return value
        case .endOfInput: return nil
        case .interrupted:
            note("Interrupted at the password prompt: no login was attempted.")
            exit(130)
        }
    }

    /// Clears the progress line.
    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
