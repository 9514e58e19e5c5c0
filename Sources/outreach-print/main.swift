// outreach-print OUTPUT: reads a JSON array of PrintedLetter on standard input, writes the PDF,
// and reports a PrintResult as JSON on standard output. Run by `outreach print`.
import Foundation
import OutreachKit
import OutreachPrint

var result = PrintResult()
let arguments = CommandLine.arguments
if arguments.count != 2 {
    result.error = "usage: outreach-print OUTPUT < letters.json"
    result.exitCode = ExitStatus.usage
} else {
    do {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let letters = try JSONDecoder().decode([PrintedLetter].self, from: input)
        result.missingGlyphs = try LetterPrinter.write(letters, to: arguments[1])
    } catch let error as any OutreachError {
        result.error = error.message
        result.hint = error.hint
        result.exitCode = error.exitCode
    } catch {
        result.error = "the letters could not be read: \(error)"
        result.exitCode = 1
    }
}
if let data = try? JSONEncoder().encode(result) { FileHandle.standardOutput.write(data) }
exit(result.exitCode)
