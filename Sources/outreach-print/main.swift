// outreach-print OUTPUT: reads a JSON array of PrintedLetter on standard input, writes the PDF,
// and reports a PrintResult as JSON on standard output. Run by `outreach print`.
import Foundation
import OutreachKit

#if canImport(OutreachPrint)
import OutreachPrint
#endif

var result = PrintResult()
let arguments = CommandLine.arguments
if arguments.count != 2 {
    result.error = "usage: outreach-print OUTPUT < letters.json"
    result.exitCode = ExitStatus.usage
} else {
    #if canImport(OutreachPrint)
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
    #else
    // Built where pkg-config found no Pango and Cairo (see Package.swift): say how to get printing.
    _ = FileHandle.standardInput.readDataToEndOfFile()
    result.error = "printing is not built in: Pango and Cairo were not installed when outreach was built"
    result.hint =
        "install them (Debian: apt-get install libpango1.0-dev libcairo2-dev fonts-dejavu-core), then build again (swift package reset && script/install); email and web forms work without them"
    result.exitCode = ExitStatus.unavailable
    #endif
}
if let data = try? JSONEncoder().encode(result) { FileHandle.standardOutput.write(data) }
exit(result.exitCode)
