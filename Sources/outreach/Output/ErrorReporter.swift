import Foundation
import OutreachKit

/// Prints errors as `error: WHAT` and `hint: HOW TO FIX` lines on standard error. What an
/// error quotes (a CSV value, a file name, a server's reply) is shown with control and
/// invisible characters made visible, by `Terminal.note`.
enum ErrorReporter {
    static func report(_ error: any OutreachError) {
        let problems = (error as? ProblemList)?.problems ?? [error]
        let red = Terminal.colorOnStderr ? "\u{1B}[31m" : ""
        let dim = Terminal.colorOnStderr ? "\u{1B}[2m" : ""
        let reset = Terminal.colorOnStderr ? "\u{1B}[0m" : ""
        var hints: [String] = []
        for warning in (error as? ProblemList)?.warnings ?? [] {
            Terminal.note("warning: \(warning)", oneLine: true)
        }
        for problem in problems {
            Terminal.note(problem.message, prefix: "\(red)error:\(reset) ", oneLine: true)
            if let hint = problem.hint, !hints.contains(hint) { hints.append(hint) }
        }
        if let list = error as? ProblemList, list.total > list.problems.count {
            Terminal.note(
                "... and \(list.total - list.problems.count) more problems like these", prefix: "\(red)error:\(reset) ")
        }
        if problems.count > 1 {
            Terminal.note("nothing was written; fix these and run the command again", prefix: dim, suffix: reset)
        }
        for hint in hints { Terminal.note(hint, prefix: "\(dim)hint:\(reset) ", oneLine: true) }
    }
}
