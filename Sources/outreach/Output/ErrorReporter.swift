import Foundation
import OutreachKit

/// Prints errors as `error: WHAT` and `hint: HOW TO FIX` lines on standard error.
enum ErrorReporter {
    static func report(_ error: any OutreachError) {
        let problems = (error as? ProblemList)?.problems ?? [error]
        let red = Terminal.colorOnStderr ? "\u{1B}[31m" : ""
        let dim = Terminal.colorOnStderr ? "\u{1B}[2m" : ""
        let reset = Terminal.colorOnStderr ? "\u{1B}[0m" : ""
        var hints: [String] = []
        for problem in problems {
            Terminal.note("\(red)error:\(reset) \(problem.message)")
            if let hint = problem.hint, !hints.contains(hint) { hints.append(hint) }
        }
        if let list = error as? ProblemList, list.total > list.problems.count {
            Terminal.note("\(red)error:\(reset) ... and \(list.total - list.problems.count) more problems like these")
        }
        if problems.count > 1 {
            Terminal.note("\(dim)nothing was written; fix these and run the command again\(reset)")
        }
        for hint in hints { Terminal.note("\(dim)hint:\(reset) \(hint)") }
    }
}
