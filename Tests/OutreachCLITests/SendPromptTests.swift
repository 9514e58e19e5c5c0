import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// What `send` asks on a terminal: the SMTP password (when no other source gives one) and whether to send.
final class SendPromptTests: SMTPTestCase {
    private func startSendOnTerminal(_ server: SMTPTestServer, certificates: TestCertificates) throws -> PseudoTerminal
    {
        try draftLetters(2)
        try configure(port: server.port, security: "starttls", ["username": "dana", "ca_file": certificates.ca])
        let user = folder.path("user")
        try FileManager.default.createDirectory(atPath: user, withIntermediateDirectories: true)
        let terminal = try PseudoTerminal(
            RunOutreach.binary, ["send", "--rate", "0", "--yes"],
            environment: [
                "OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "HOME": user, "LANG": "C.UTF-8", "TERM": "dumb",
            ],
            in: folder.url.path)
        XCTAssertTrue(terminal.waitFor("SMTP password for dana at 127.0.0.1: "), terminal.output)
        return terminal
    }

    func testCtrlCAtThePromptEndsTheRunWithoutALogin() throws {
        let certificates = try TestCertificates()
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        let terminal = try startSendOnTerminal(server, certificates: certificates)
        terminal.press("wro\u{03}")
        XCTAssertEqual(terminal.waitForExit(), 130, terminal.output)
        XCTAssertTrue(terminal.output.contains("no login was attempted"), terminal.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.spool.path("auth.log")), "AUTH was attempted")
        XCTAssertEqual(try server.received().count, 0)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
    }

    func testThePasswordTypedIsUsedWithItsCorrectionsAndNotEchoed() throws {
        let certificates = try TestCertificates()
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        let terminal = try startSendOnTerminal(server, certificates: certificates)
        // A typo rubbed out with Backspace (DEL), and a line started again with Ctrl-U.
        terminal.press("nonsense\u{15}" + Self.password + "é\u{7F}")
        terminal.type("")
        XCTAssertEqual(terminal.waitForExit(), 0, terminal.output)
        XCTAssertFalse(terminal.output.contains(Self.password), "the password was echoed: \(terminal.output)")
        let auth = try String(contentsOfFile: server.spool.path("auth.log"), encoding: .utf8)
        XCTAssertEqual(auth, "PLAIN dana ok tls=True\n")
        XCTAssertEqual(try server.received().count, 2)
    }

    func testTheQuestionCountsOfficesByMailboxNotByTitle() throws {
        try makeOaklandProfile()
        var csv = Self.header + "\n"
        for index in 1...3 {
            csv +=
                Self.row(
                    id: "r\(index)", name: "Member Number\(index)", family: "Number\(index)", city: "Oakland",
                    email: "member\(index)@example.com") + "\n"
        }
        XCTAssertEqual(
            try draftFixture(csv: csv, template: Self.template(body: "Dear {{recipient.name}},\n")).status, 0)
        XCTAssertEqual(Set(try letters().map(\.office)).count, 1, "one title for all three")
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(port: server.port, security: "none")
        let terminal = try PseudoTerminal(
            RunOutreach.binary, ["send", "--rate", "0"],
            environment: ["OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"],
            in: folder.url.path)
        XCTAssertTrue(terminal.waitFor("[y/N]"), terminal.output)
        terminal.type("n")
        XCTAssertEqual(terminal.waitForExit(), 0, terminal.output)
        XCTAssertTrue(terminal.output.contains("Send 3 letters to 3 offices through"), terminal.output)
        XCTAssertEqual(try server.received().count, 0)
    }
}
