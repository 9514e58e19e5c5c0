import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct TemplatesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates", abstract: "List, show and make letter templates: the shipped ones and your own.",
            discussion:
                "Your own templates live in $XDG_DATA_HOME/outreach/templates (with --home DIR: DIR/templates). One with a shipped template's name takes its place. Installing, reinstalling or updating outreach never changes them.",
            subcommands: [ListTemplates.self, ShowTemplate.self, NewTemplate.self],
            defaultSubcommand: ListTemplates.self)
    }

    struct ListTemplates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The templates in use: name, whose (yours or shipped), audience and description.")
        @OptionGroup var home: HomeOptions
        @Option(name: .long, help: ArgumentHelp("Only the templates in DIR.", valueName: "DIR")) var templates: String?
        @Flag(help: "Print JSON: one object per template.") var json = false

        struct Row: Encodable {
            var name: String
            var origin: String
            var replaces_shipped: Bool
            var file: String
            var audience: [String]
            var description: String
            var problem: String?
        }

        func run() throws {
            let loader =
                try templates.map { try TemplateLoader(folder: $0) } ?? (try TemplateLoader.inUse(paths: home.paths))
            let rows = loader.entries().map { entry -> Row in
                var row = Row(
                    name: entry.name, origin: entry.origin.rawValue, replaces_shipped: entry.replacesShipped,
                    file: entry.file, audience: [], description: "")
                do {
                    let template = try loader.load(named: entry.name)
                    row.audience = template.audience
                    row.description = template.description
                } catch let error as any OutreachError {
                    row.problem = error.message
                } catch {
                    row.problem = error.localizedDescription
                }
                return row
            }
            if json { return try JSONOutput.print(rows) }
            let table = rows.map { row in
                [
                    row.name, row.origin + (row.replaces_shipped ? " (replaces shipped)" : ""),
                    row.audience.joined(separator: ", "),
                    row.problem.map { "BROKEN: \($0)" } ?? row.description,
                ]
            }
            print(TextTable.render(header: ["NAME", "WHOSE", "AUDIENCE", "DESCRIPTION"], rows: table), terminator: "")
            if templates == nil {
                print(
                    "Yours are in \(home.paths.userTemplatesFolder.path) (make one: outreach templates new NAME --from \(rows.first?.name ?? "NAME"))."
                )
            }
        }
    }

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
            guard let data = FileManager.default.contents(atPath: entry.file) else {
                throw InputError.cannotRead(path: entry.file, reason: "not readable")
            }
            Terminal.note(
                "# \(entry.name): \(entry.origin.rawValue)\(entry.replacesShipped ? ", in place of the shipped one" : ""), \(entry.file)"
            )
            FileHandle.standardOutput.write(data)
        }
    }

    struct NewTemplate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Make a template of your own: a copy of another to edit, or a short start.",
            discussion:
                "The file goes into your templates folder; on a terminal it opens in $VISUAL or $EDITOR and is checked when the editor closes. With the name of a shipped template, yours takes its place (copy it first with --from NAME)."
        )
        @OptionGroup var home: HomeOptions
        @Argument(help: "The new template's name (letters, digits, '-', '_').") var name: String
        @Option(
            name: .long,
            help: ArgumentHelp("Copy this template (a shipped one, or one of yours).", valueName: "TEMPLATE")) var from:
            String?
        @Flag(name: .long, help: "Replace a template of yours of that name.") var force = false
        @Flag(name: .long, help: "Do not open an editor.") var noEdit = false

        func run() throws {
            let paths = home.paths
            let loader = try TemplateLoader.inUse(paths: paths)
            let file = try UserTemplates.create(
                named: name, from: from, loader: loader, folder: paths.userTemplatesFolder, force: force)
            print("Wrote \(file.path)\(from.map { " (a copy of \($0))" } ?? "")")
            if !noEdit && Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal {
                try edit(file)
                // Checked as draft will read it: a problem names the line, and the file is kept.
                _ = try TemplateLoader(folder: file.deletingLastPathComponent().path).load(named: name)
            } else {
                print("Edit it with your editor, then check it: outreach templates show \(name)")
            }
            print("Draft with it: outreach draft --to ROLE --template \(name) --note \"...\"")
        }

        private func edit(_ file: URL) throws {
            let environment = ProcessInfo.processInfo.environment
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The editor setting may hold arguments ("code --wait"), so the shell splits it.
            process.arguments = ["-c", "\(editor) \"$1\"", "sh", file.path]
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                Terminal.note(
                    "warning: the editor '\(editor)' exited with status \(process.terminationStatus); the template is in \(file.path)"
                )
            }
        }
    }
}
