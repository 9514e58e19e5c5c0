import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `script/install` and `script/uninstall`, into a temporary prefix. The install reuses the
/// binaries `swift build` made for the tests (`--binaries`): a release build would take minutes.
final class InstallTests: CLITestCase {
    var binaries: String { RunOutreach.binary.deletingLastPathComponent().path }

    func script(_ name: String, _ arguments: [String]) throws -> RunResult {
        try RunOutreach.runProgram(
            URL(fileURLWithPath: "\(Repository.root.path)/script/\(name)"), arguments, in: folder.url.path)
    }

    /// Every file and folder below `folder`, relative to it.
    func contents(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    func testInstallRunFromElsewhereAndUninstallLeavingNothing() throws {
        let prefix = folder.path("prefix")
        let installed = try script("install", ["--binaries", binaries, prefix])
        XCTAssertEqual(installed.status, 0, installed.stderr)
        XCTAssertTrue(installed.stdout.contains("Installed outreach in \(prefix)"), installed.stdout)
        let files = contents(prefix)
        for expected in [
            "bin/outreach", "bin/outreach-print", "share/outreach/Templates/mayor-solidarity.txt",
            "share/outreach/Recipients/mayors.csv",
            "share/outreach/Recipients/state-legislators-wy.csv", "share/outreach/Recipients/data-dates.tsv",
            "share/outreach/install-manifest.txt",
            "share/bash-completion/completions/outreach",
        ] {
            XCTAssertTrue(files.contains(expected), "\(expected) not in \(files)")
        }
        XCTAssertTrue(
            try String(contentsOfFile: "\(prefix)/share/bash-completion/completions/outreach", encoding: .utf8)
                .contains("-F _outreach outreach"))
        var info = stat()
        XCTAssertEqual(stat("\(prefix)/bin/outreach", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o755)

        // From another folder, the installed program finds its own data beside it.
        let elsewhere = try TemporaryDirectory("outreach-elsewhere")
        let environment = ["OUTREACH_HOME": home]
        let program = URL(fileURLWithPath: "\(prefix)/bin/outreach")
        let made = try RunOutreach.runProgram(
            program,
            [
                "init", "--name", "Dana Rivera", "--email", "dana.rivera@example.org", "--street", "1 Broadway",
                "--city", "Oakland", "--state", "CA", "--zip", "94612",
            ],
            in: elsewhere.url.path, environment: environment)
        XCTAssertEqual(made.status, 0, made.stderr)
        let whoami = try RunOutreach.runProgram(program, ["whoami"], in: elsewhere.url.path, environment: environment)
        XCTAssertEqual(whoami.status, 0, whoami.stderr)
        XCTAssertTrue(whoami.stdout.contains("Barbara Lee, Mayor, Oakland"), whoami.stdout)
        let shown = try RunOutreach.runProgram(
            program, ["templates", "show", "mayor-solidarity"], in: elsewhere.url.path, environment: environment)
        XCTAssertEqual(
            shown.stderr, "# mayor-solidarity: shipped, \(prefix)/share/outreach/Templates/mayor-solidarity.txt\n")
        let drafted = try RunOutreach.runProgram(
            program, ["draft", "--to", "mayor", "--note", "hi"], in: elsewhere.url.path, environment: environment)
        XCTAssertEqual(drafted.status, 0, drafted.stderr)

        let removed = try script("uninstall", [prefix])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: prefix), "nothing left behind: not even the prefix install made")
        XCTAssertTrue(FileManager.default.fileExists(atPath: database), "the queue is the person's, not the install's")
        let again = try script("uninstall", [prefix])
        XCTAssertEqual(again.status, 66)
        XCTAssertTrue(again.stderr.contains("error: nothing installed in \(prefix)"), again.stderr)
    }

    func testReinstallingAndUninstallingNeverTouchYourFiles() throws {
        // As with the default prefix ~/.local: your data folder is PREFIX/share/outreach too.
        let prefix = folder.path("local")
        XCTAssertEqual(try script("install", ["--binaries", binaries, prefix]).status, 0)
        let program = URL(fileURLWithPath: "\(prefix)/bin/outreach")
        let environment = ["XDG_DATA_HOME": "\(prefix)/share", "XDG_CONFIG_HOME": folder.path("config")]
        let elsewhereFolder = try TemporaryDirectory("outreach-elsewhere")
        let elsewhere = elsewhereFolder.url.path
        let mine = try RunOutreach.runProgram(
            program, ["templates", "new", "mine", "--from", "mayor-solidarity"], in: elsewhere, environment: environment
        )
        XCTAssertEqual(mine.status, 0, mine.stderr)
        try folder.write(
            "local/share/outreach/recipients/council.csv", CLITestCase.header + "\n" + CLITestCase.row(id: "c1") + "\n")
        let yours = [
            "share/outreach/recipients", "share/outreach/recipients/council.csv", "share/outreach/templates",
            "share/outreach/templates/mine.txt",
        ]
        let before = yours.map { FileManager.default.contents(atPath: "\(prefix)/\($0)") }

        let reinstalled = try script("install", ["--binaries", binaries, prefix])
        XCTAssertEqual(reinstalled.status, 0, reinstalled.stderr)
        XCTAssertEqual(yours.map { FileManager.default.contents(atPath: "\(prefix)/\($0)") }, before)
        let listed = try RunOutreach.runProgram(
            program, ["recipients", "list", "--anywhere", "--where", "id=c1", "--json"], in: elsewhere,
            environment: environment)
        XCTAssertTrue(
            listed.stdout.contains("\"source_row\" : \"\(prefix)/share/outreach/recipients/council.csv:2\""),
            listed.stdout)

        XCTAssertEqual(try script("uninstall", [prefix]).status, 0)
        XCTAssertEqual(
            contents(prefix), ["share", "share/outreach"] + yours, "only your files, and the folders that hold them")
    }
}
