import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
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
            let paths = try home.paths
            let loader = try TemplateLoader.inUse(paths: paths)
            let file = try UserTemplates.create(
                named: name, from: from, loader: loader, folder: paths.userTemplatesFolder, force: force)
            print("Wrote \(file.path)\(from.map { " (a copy of \($0))" } ?? "")")
            if !noEdit && Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal {
                try edit(file)
                // Checked as draft will read it: a problem names the line, and the file is kept.
                do {
                    _ = try TemplateLoader(folder: file.deletingLastPathComponent().path).load(named: name)
                } catch let error as InputError {
                    guard case .unfinishedTemplate = error else { throw error }
                    // Not written yet is no mistake: say what is left to do.
                    Terminal.note("warning: \(error.message); draft leaves it out until it is finished")
                    return Terminal.note("hint: \(error.hint ?? "")")
                }
            } else {
                print(
                    from == nil
                        ? "Write your letter in place of every [write here: …] in your editor: until then, draft leaves it out."
                        : "Edit it with your editor, then check it: outreach templates show \(name)")
            }
            print("Draft with it: outreach draft --to ROLE --template \(name) --note \"...\"")
        }

        private func edit(_ file: URL) throws {
            let status = try Editor.edit(file)
            if status != 0 {
                Terminal.note(
                    "warning: the editor '\(Editor.command)' exited with status \(status); the template is in \(file.path)"
                )
            }
        }
    }
}
