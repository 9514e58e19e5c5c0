/// A problem with what the person gave `outreach`: profile, templates, recipient files, flags.
///
/// Each case names the file and 1-based line, and the field or key, where there is one.
public enum InputError: OutreachError, Equatable {
    /// A file could not be read.
    case cannotRead(path: String, reason: String)
    /// A folder `outreach` reads from does not exist (`flag` is the option that points elsewhere).
    case missingFolder(what: String, path: String, flag: String)
    /// Neither the shipped data nor the person's own folder has any (`what`: templates, recipient lists).
    case noShippedData(what: String, searched: [String], yours: String, flag: String)
    /// A template of the person's own already has that name.
    case templateExists(path: String)
    /// There is no profile at `path`.
    case missingProfile(path: String)
    /// `init` found a profile already and `--force` was not given.
    case profileExists(path: String)
    /// A profile value breaks its rule.
    case badProfileValue(key: String, value: String, reason: String, hint: String)
    /// A required profile key is absent, or `init` was not told it.
    case missingProfileKey(path: String, key: String)
    /// The profile is not valid TOML, or a key has the wrong type.
    case badProfileFile(location: SourceLocation, reason: String)
    /// An unknown profile key was named.
    case unknownProfileKey(key: String, known: [String])
    /// A file is not UTF-8.
    case notUTF8(location: SourceLocation, detail: String)
    /// A recipient file lacks required columns.
    case missingColumns(file: String, columns: [String])
    /// A file in the recipients folder is a spreadsheet export, not a list in outreach's format:
    /// another delimiter, Excel's `sep=` line, or columns under a spreadsheet's spellings.
    case notAList(location: SourceLocation, reason: String, file: String)
    /// A header names a column twice, or has an empty column name.
    case badHeader(location: SourceLocation, reason: String)
    /// A row has more or fewer fields than the header.
    case raggedRow(location: SourceLocation, expected: Int, found: Int)
    /// A quoted field is never closed.
    case unterminatedQuote(location: SourceLocation)
    /// Two rows share an `id`.
    case duplicateID(location: SourceLocation, id: String, first: SourceLocation)
    /// A recipient field holds a value that cannot be used.
    case badRecipientValue(location: SourceLocation, field: String, reason: String, hint: String)
    /// No template by that name.
    case templateNotFound(name: String, folder: String, available: [String])
    /// A template's front matter is missing or broken.
    case badFrontMatter(location: SourceLocation, reason: String, hint: String)
    /// A template's Mustache text is broken or uses a feature `outreach` does not allow.
    case badTemplate(location: SourceLocation, reason: String, hint: String)
    /// A template still holds a placeholder of the letter `templates new` starts from
    /// (`StarterPlaceholder`): it is not written yet.
    case unfinishedTemplate(location: SourceLocation, name: String, placeholder: String)
    /// A role given on the command line is not a role's slug (see `Role`).
    case badRole(role: String)
    /// A flag's value is wrong (`--where`, `--note-file`, ...).
    case badOption(option: String, reason: String, hint: String)
    /// `init` without a terminal was not given every required value.
    case missingInitValues(keys: [String])
    /// A letter does not fit one printed page even in small type.
    case tooLongToPrint(letter: String)
    /// What was given as a file is a folder, a device, a pipe or a socket (`kind`).
    case notAFile(path: String, kind: String)
    /// A file is larger than `outreach` reads for `what` (see `InputLimits`).
    case fileTooLarge(path: String, what: String, limit: Int)
    /// A line is longer than `InputLimits.lineBytes`.
    case lineTooLong(location: SourceLocation, limit: Int)
    /// A recipient row, with the line breaks inside its quotes, is longer than
    /// `InputLimits.recipientRowBytes`.
    case rowTooLong(location: SourceLocation, limit: Int)
    /// Text that becomes part of a letter (`what`: a template, a note, an edited letter) holds a
    /// control character other than tab and line breaks; `character` is it, made visible.
    case controlCharacter(location: SourceLocation, what: String, character: String)

    public var message: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .missingFolder(let what, let path, _): return "no \(what) folder at \(path)"
        case .noShippedData(let what, let searched, let yours, _):
            let places = searched.isEmpty ? "" : " (looked in \(searched.joined(separator: ", ")))"
            return "no \(what): none shipped beside this program\(places), and none of your own in \(yours)"
        case .templateExists(let path): return "a template of yours already exists at \(path)"
        case .missingProfile(let path): return "no sender profile at \(path)"
        case .profileExists(let path): return "a profile already exists at \(path)"
        case .badProfileValue(let key, let value, let reason, _):
            // Escaped, so a value with a line break still makes a one-line message.
            return "profile key '\(key)': \(value.debugDescription) \(reason)"
        case .missingProfileKey(let path, let key): return "\(path): profile key '\(key)' is missing"
        case .badProfileFile(let location, let reason): return "\(location): \(reason)"
        case .unknownProfileKey(let key, _): return "unknown profile key '\(key)'"
        case .notUTF8(let location, let detail): return "\(location): not UTF-8: \(detail)"
        case .missingColumns(let file, let columns):
            return
                "\(file):1: missing column\(columns.count == 1 ? "" : "s") \(columns.map { "'\($0)'" }.joined(separator: ", "))"
        case .badHeader(let location, let reason): return "\(location): header \(reason)"
        case .notAList(let location, let reason, _): return "\(location): \(reason)"
        case .raggedRow(let location, let expected, let found):
            return "\(location): row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected)"
        case .unterminatedQuote(let location): return "\(location): a quoted field starts here and is never closed"
        case .duplicateID(let location, let id, let first): return "\(location): id '\(id)' is already used at \(first)"
        case .badRecipientValue(let location, let field, let reason, _):
            return "\(location): field '\(field)' \(reason)"
        case .templateNotFound(let name, let folder, _): return "no template '\(name)' in \(folder)"
        case .badFrontMatter(let location, let reason, _): return "\(location): front matter: \(reason)"
        case .badTemplate(let location, let reason, _): return "\(location): \(reason)"
        case .unfinishedTemplate(let location, _, let placeholder):
            return "\(location): the template is not finished: it still holds the placeholder \(placeholder)"
        case .badRole(let role): return "\(role.debugDescription) is not a role"
        case .badOption(let option, let reason, _): return "\(option): \(reason)"
        case .tooLongToPrint(let letter): return "\(letter) is too long for one printed page, even in 8-point type"
        case .notAFile(let path, let kind): return "\(path) is \(kind), not a file"
        case .fileTooLarge(let path, let what, let limit):
            return "\(path): \(what) is larger than \(InputLimits.describe(bytes: limit)), the most outreach reads"
        case .lineTooLong(let location, let limit):
            return "\(location): a line is longer than \(InputLimits.describe(bytes: limit)), the most outreach reads"
        case .rowTooLong(let location, let limit):
            return
                "\(location): the row starting here is longer than \(InputLimits.describe(bytes: limit)), the most outreach reads"
        case .controlCharacter(let location, let what, let character):
            return
                "\(location): \(what) holds the control character \(character), which a screen does not show as it is sent"
        case .missingInitValues(let keys):
            return "missing \(keys.map { "--\($0)" }.joined(separator: ", ")) (not on a terminal, so nothing was asked)"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotRead: return "check that the file exists and is readable"
        case .missingFolder(let what, _, let flag):
            return "point \(flag) at your \(what) folder, or leave it out to use the shipped one"
        case .noShippedData(_, _, _, let flag):
            return "reinstall outreach (script/install in its source folder), or point \(flag) at a folder of your own"
        case .templateExists:
            return
                "edit it (outreach templates show NAME prints where), pick another name, or pass --force to replace it"
        case .missingProfile:
            return
                "make one: outreach init --name NAME --email ADDRESS --street STREET --city CITY --state ST --zip ZIP"
        case .profileExists:
            return "change one value with 'outreach profile set KEY VALUE', or pass --force to replace it"
        case .badProfileValue(_, _, _, let hint): return hint
        case .missingProfileKey(_, let key):
            return "set it: outreach profile set \(key) VALUE (or pass --\(key) to init)"
        case .badProfileFile: return "fix the file, or make it anew with 'outreach init --force'"
        case .unknownProfileKey(_, let known): return "known keys: \(known.joined(separator: ", "))"
        case .notUTF8(_, let detail) where detail.contains("UTF-16"):
            return "save the file as UTF-8, for example: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE"
        case .notUTF8:
            return
                "save the file as UTF-8, for example: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE"
        case .missingColumns:
            return
                "column names are lower case; recipient files need the columns id, role, name, given_name, family_name, title, jurisdiction, state, district, party, email, contact_form, phone, address, term_end, source"
        case .badHeader: return "give every column one unique, non-empty name in the first row"
        case .notAList(_, _, let file):
            return
                "move it out of your recipients folder first, then import it, which reads it as it is and writes a list of outreach's format: mv -i \(SpreadsheetError.shellQuoted(file)) ~/ && outreach recipients import csv ~/\(SpreadsheetError.shellQuoted(String(file.split(separator: "/").last ?? Substring(file)))) --role ROLE (or import it where it is under another name, --name LIST, then move it out)"
        case .raggedRow: return "quote fields that hold commas (\"a, b\"), and give every row one field per column"
        case .unterminatedQuote: return "close the quote with \"; a quote inside a quoted field is written \"\""
        case .duplicateID: return "ids must be unique across all recipient files; remove or rename one row"
        case .badRecipientValue(_, _, _, let hint): return hint
        case .templateNotFound(_, _, let available):
            return available.isEmpty
                ? "add a template file NAME.txt to the folder" : "available: \(available.joined(separator: ", "))"
        case .badFrontMatter(_, _, let hint): return hint
        case .badTemplate(_, _, let hint): return hint
        case .unfinishedTemplate(let location, let name, _):
            return
                "write your own words in place of every placeholder: open \(location.file) in your editor ($EDITOR \(location.file); 'outreach templates show \(name)' prints it)"
        case .badRole:
            return
                "a role is a lowercase word or words joined by '-' (mayor, council-member); list the roles in your lists with: outreach recipients roles"
        case .badOption(_, _, let hint): return hint
        case .tooLongToPrint(let letter):
            return
                "shorten it (outreach edit \(letter.split(separator: " ").last ?? "ID")), or deliver it by web form or email"
        case .notAFile: return "give the path of a text file"
        case .fileTooLarge: return "check that this is the right file; the README lists the limits"
        case .lineTooLong:
            return "check that this is a text file with line breaks (CSV, template, note); the README lists the limits"
        case .rowTooLong:
            return "check for a quote (\") that is never closed; the README lists the limits"
        case .controlCharacter:
            return
                "remove it (in vim, :set list shows it); a letter may hold tabs and line breaks, no other control character"
        case .missingInitValues:
            return
                "outreach init --name NAME --email ADDRESS --street STREET --city CITY --state ST --zip ZIP [--phone P] [--district ST-N]"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .cannotRead, .missingFolder, .templateNotFound, .noShippedData, .notAFile: return ExitStatus.noInput
        case .templateExists: return ExitStatus.cannotCreate
        case .missingProfile, .profileExists, .badProfileFile, .missingProfileKey: return ExitStatus.configuration
        case .badOption, .badRole, .unknownProfileKey, .missingInitValues: return ExitStatus.usage
        default: return ExitStatus.dataError
        }
    }
}
