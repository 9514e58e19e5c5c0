import ArgumentParser
import Foundation
import OutreachKit

extension Outreach {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit a drafted letter's subject and text in $VISUAL or $EDITOR.",
            discussion:
                "The text is checked again when the editor closes; if it is refused, the queue is unchanged and your edited text is kept in a file named in the error."
        )
        @OptionGroup var home: HomeOptions
        @Argument(help: "The letter's id.") var id: Int64

        func run() throws {
            let queue = try home.openQueueSettled()
            try queue.checkAllowed(.edit, id: id)
            // A new folder no one else can enter or guess, in the person's own data folder.
            let folder = try PrivateFiles.makeTemporaryFolder(
                in: home.paths.databaseFile.deletingLastPathComponent(), prefix: "edit")
            let file = folder.appendingPathComponent("letter-\(id).txt")
            try PrivateFiles.write(Data(try queue.editableText(id: id).utf8), to: file)
            let status = try Editor.edit(file)
            guard status == 0 else {
                Terminal.note(
                    "error: the editor '\(Editor.command)' exited with status \(status); letter \(id) is unchanged")
                Terminal.note("hint: your text is in \(file.path); set VISUAL or EDITOR to the editor you use")
                throw ExitCode(1)
            }
            let edited: String
            do {
                edited = try InputFile.text(
                    atPath: file.path, what: "the edited letter", limit: InputLimits.editedLetterBytes)
            } catch let error as InputError {
                Terminal.note("note: your edited text is kept in \(file.path); letter \(id) is unchanged")
                throw error
            }
            do {
                let changed = try queue.applyEdit(id: id, text: edited, source: file.path)
                try? FileManager.default.removeItem(at: folder)
                print(changed ? "Letter \(id) updated; see it with: outreach show \(id)" : "No change to letter \(id).")
            } catch let error as any OutreachError {
                Terminal.note("note: your edited text is kept in \(file.path)")
                throw error
            }
        }
    }
}
