import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ShowTemplate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print a template's text; where it is goes to standard error.")
        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Look only in DIR.", valueName: "DIR")) var templates: String?
        @Argument(help: "The template's name.") var name: String

        func run() throws {
            let loader =
                try templates.map { try TemplateLoader(folder: $0) } ?? (try TemplateLoader.inUse(paths: home.paths))
            guard let entry = loader.entries().first(where: { $0.name == name }) else {
                throw InputError.templateNotFound(
                    name: name, folder: loader.folders.map(\.path).joined(separator: " or "), available: loader.names())
            }
            let text = try InputFile.text(atPath: entry.file, what: "the template", limit: InputLimits.templateBytes)
            Terminal.note(
                "# \(entry.name): \(entry.origin.rawValue)\(entry.replacesShipped ? ", in place of the shipped one" : ""), \(entry.file)"
            )
            print(text, terminator: "")
        }
    }
}
