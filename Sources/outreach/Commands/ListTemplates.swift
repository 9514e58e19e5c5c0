import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ListTemplates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The templates in use: name, whose (yours or shipped), audience and description.")
        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only the templates in DIR.", valueName: "DIR")) var templates: String?
        @Flag(help: "Print JSON: one object per template.") var json = false

        func run() throws {
            let loader =
                try templates.map { try TemplateLoader(folder: $0) } ?? (try TemplateLoader.inUse(paths: home.paths))
            let rows = TemplateListing.all(in: loader)
            if json { return try JSONOutput.print(rows) }
            let table = rows.map { row in
                [
                    row.name, row.origin.rawValue + (row.replacesShipped ? " (replaces shipped)" : ""),
                    row.audience.joined(separator: ", "),
                    row.problem.map { "BROKEN: \($0)" } ?? row.description,
                ]
            }
            print(TextTable.render(header: ["NAME", "WHOSE", "AUDIENCE", "DESCRIPTION"], rows: table), terminator: "")
            if templates == nil {
                try print(
                    "Yours are in \(home.paths.userTemplatesFolder.path) (make one: outreach templates new NAME --from \(rows.first?.name ?? "NAME"))."
                )
            }
        }
    }
}
