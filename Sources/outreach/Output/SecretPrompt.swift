import Foundation

/// Reads a secret (a password, a token) typed on the terminal on standard input, without echo.
///
/// The terminal is put in non-canonical mode with echo and signal keys off for the prompt only,
/// so that Ctrl-C is read as a key here: it ends the program at once (exit 130, as ssh and sudo
/// do) with the terminal restored and no login attempted. (getpass(3) left Ctrl-C to a SIGINT
/// that a send run ignores while it runs, and went on reading.) Ctrl-D on an empty line is the
/// end of input; Backspace and Ctrl-U edit the line; Enter ends it.
enum SecretPrompt {
    /// What reading ended with.
    enum Answer: Equatable {
        case secret(String)
        /// Ctrl-D on an empty line, or the end of input.
        case endOfInput
        /// Ctrl-C.
        case interrupted
    }

    /// Writes `prompt` on standard error and reads one line from standard input (a terminal).
    /// - Parameter prompt: the question, ending with ": ".
    /// - Returns: what was typed, or how reading ended.
    static func read(_ prompt: String) -> Answer {
        let input = STDIN_FILENO
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return .endOfInput }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { keys in
            keys[Int(VMIN)] = 1
            keys[Int(VTIME)] = 0
        }
        // What was typed before the prompt (and echoed) is dropped; the prompt shows only once echo
        // is off, so that nothing typed after it is echoed or lost.
        _ = tcsetattr(input, TCSAFLUSH, &raw)
        FileHandle.standardError.write(Data(prompt.utf8))
        defer {
            _ = tcsetattr(input, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        var typed: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(input, &byte, 1) == 1 {
            switch byte {
            case 0x03: return .interrupted
            case 0x04 where typed.isEmpty: return .endOfInput
            case 0x0A, 0x0D: return .secret(String(decoding: typed, as: UTF8.self))
            case 0x15: typed.removeAll()
            case 0x08, 0x7F: removeLastCharacter(&typed)
            default: typed.append(byte)
            }
        }
        return typed.isEmpty ? .endOfInput : .secret(String(decoding: typed, as: UTF8.self))
    }

    /// Drops the last UTF-8 sequence: its continuation bytes (10xxxxxx) and the byte that starts it.
    private static func removeLastCharacter(_ bytes: inout [UInt8]) {
        while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
    }
}
