import Foundation
import OutreachKit

/// Shows long output through the person's pager on a terminal (`$PAGER`, else `less -FRX`,
/// as git does); prints it directly otherwise.
enum Pager {
    static func show(_ text: String) {
        let text = VisibleText.escaped(text, keepingLineBreaks: true)
        let environment = ProcessInfo.processInfo.environment
        let pager = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -FRX"
        guard Terminal.stdoutIsTerminal, pager != "cat" else {
            print(text, terminator: "")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
        } catch {
            print(text, terminator: "")
        }
    }
}
