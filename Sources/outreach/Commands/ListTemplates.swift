import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct ListTemplates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract:
                "The templates in use: name, whose (yours or shipped), audience, who may send them, which offices draft chooses them for, and description.",
            discussion:
                "SENDER is 'resident' for a letter that says its sender lives in the office's city or state (never drafted to another office), 'anyone' for one true from anywhere. CHOSEN FOR is the template's 'where': without --template, draft gives an office the resident's letter when it is yours, else the one whose 'where' holds for it."
        )
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
                    row.audience.joined(separator: ", "), row.sender?.rawValue ?? "", chosenFor(row),
                    row.problem.map { "BROKEN: \($0)" } ?? row.description,
                ]
            }
            print(
                TextTable.render(
                    header: ["NAME", "WHOSE", "AUDIENCE", "SENDER", "CHOSEN FOR", "DESCRIPTION"], rows: table),
                terminator: "")
            if templates == nil {
                try print(
                    "Yours are in \(home.paths.userTemplatesFolder.path) (make one: outreach templates new NAME --from \(rows.first?.name ?? "NAME"))."
                )
            }
        }

        /// `your own offices`, `sanctuary_policy: no or empty`, `any office`.
        private func chosenFor(_ row: TemplateListing) -> String {
            guard row.problem == nil else { return "" }
            var columns: [(String, [String])] = []
            for condition in row.conditions {
                let parts = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let column = String(parts[0])
                let value = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : "empty"
                if let index = columns.firstIndex(where: { $0.0 == column }) {
                    columns[index].1.append(value)
                } else {
                    columns.append((column, [value]))
                }
            }
            var words = columns.map { "\($0.0): \($0.1.joined(separator: " or "))" }
            if row.sender == .resident { words.insert("your own offices", at: 0) }
            return words.isEmpty ? "any office" : words.joined(separator: ", ")
        }
    }
}
