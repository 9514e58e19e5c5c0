import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Print: ParsableCommand {
        /// Runs `outreach-print` (beside this executable) on the letters.
        /// - Returns: the letters with characters no font could show.
        static func runPrinter(_ pages: [PrintedLetter], to path: String) throws -> [String] {
            let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent()
            let helper = here.appendingPathComponent("outreach-print")
            guard FileManager.default.isExecutableFile(atPath: helper.path) else {
                throw PrintError(
                    message: "outreach-print is not beside outreach (\(helper.path))",
                    hint: "build it: swift build --product outreach-print", exitCode: 1)
            }
            let process = Process()
            process.executableURL = helper
            process.arguments = [path]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(try JSONEncoder().encode(pages))
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let result = try JSONDecoder().decode(PrintResult.self, from: data)
            if let message = result.error {
                throw PrintError(message: message, hint: result.hint, exitCode: result.exitCode)
            }
            return result.missingGlyphs
        }

        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Write letters as a PDF to print and post, one page per letter.",
            discussion:
                "Each page is a business letter on US Letter paper: your address, the date, the office's name and address, the subject and the letter. An existing FILE is replaced only with --force; a discarded letter is printed only with --include-discarded. After posting, record it: outreach mark ID --delivered-by-hand --via postal."
        )

        @OptionGroup var home: HomeOptions
        @Argument(help: "The letters' ids.") var ids: [Int64] = []
        @Flag(name: .long, help: "Every drafted letter whose channel is postal.") var allPostal = false
        @Option(name: [.short, .long], help: ArgumentHelp("The PDF to write.", valueName: "FILE")) var output: String =
            "letters.pdf"
        @Flag(name: .long, help: "Replace the output file if it exists.") var force = false
        @Flag(name: .long, help: "Print a letter named by id even though it was discarded.") var includeDiscarded =
            false

        func validate() throws {
            if ids.isEmpty && !allPostal { throw ValidationError("name letter ids, or give --all-postal") }
        }

        func run() throws {
            let profile = try home.loadProfile()
            guard try FileManager.default.fileExists(atPath: home.paths.databaseFile.path) else {
                print("Nothing to print: the queue is empty.")
                return
            }
            try PrivateFiles.refuseExisting(output, replacing: force)
            let queue = try home.openQueue(readOnly: true)
            let letters = try queue.lettersToPrint(ids: ids, allPostal: allPostal, includeDiscarded: includeDiscarded)
            if letters.isEmpty {
                print("Nothing to print: no drafted letter goes by post.")
                return
            }
            for letter in letters where letter.postalAddress.isEmpty {
                Terminal.note(
                    "warning: letter \(letter.id) (\(letter.recipientName)) has no postal address in the data; write it on the page"
                )
            }
            let now = Date()
            let pages = try letters.map {
                PrintedLetter(letter: $0, message: try queue.message(id: $0.id), profile: profile, date: now)
            }
            // Written to a new temporary file beside it first (mkstemp: a name no one can guess,
            // mode 0600, which the PDF keeps: it holds your address and your letters), so a
            // refused letter leaves no half-made PDF.
            let (temporary, descriptor) = try PrivateFiles.makeTemporaryFile(beside: URL(fileURLWithPath: output))
            close(descriptor)
            let missing: [String]
            do { missing = try Self.runPrinter(pages, to: temporary.path) } catch {
                unlink(temporary.path)
                throw error
            }
            // Without --force, a file made meanwhile is not replaced either.
            try PrivateFiles.place(temporary, at: output, replacing: force)
            for label in missing {
                Terminal.note(
                    "warning: \(label) has characters no installed font can show (they print as boxes); for Chinese, Japanese or Korean install fonts-noto-cjk"
                )
            }
            print("Wrote \(pages.count) letter\(pages.count == 1 ? "" : "s") to \(output), one page each.")
            let markable = letters.filter { LetterAction.markDeliveredByHand.allowedFrom.contains($0.status) }
            if !markable.isEmpty {
                print(
                    "After posting: outreach mark \(markable.map { String($0.id) }.joined(separator: " ")) --delivered-by-hand --via postal"
                )
            }
        }
    }
}
