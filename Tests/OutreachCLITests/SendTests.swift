import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 4: `outreach send` against a real SMTP server (aiosmtpd) on 127.0.0.1.
final class SendTests: CLITestCase {
    static let password = "p/:a@b%c+d=e"

    /// Drafts `count` email letters (recipients r1..rN at example.com), with `body`.
    private func draftLetters(
        _ count: Int,
        body: String = "Dear Mayor {{recipient.family_name}},\nThank you.\n.\n..leading dots\nFrom here on.\n",
        cc: String? = nil
    ) throws {
        try makeOaklandProfile()
        var csv = Self.header + "\n"
        for index in 1...count {
            csv +=
                Self.row(
                    id: "r\(index)", name: "Mayor Number\(index)", family: "Number\(index)", city: "Town\(index)",
                    email: "r\(index)@example.com") + "\n"
        }
        var template = Self.template(body: body)
        if let cc {
            template = template.replacingOccurrences(of: "description: test\n", with: "description: test\ncc: \(cc)\n")
        }
        let result = try draftFixture(csv: csv, template: template)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    private func configure(
        _ server: SMTPTestServer, security: String, scheme: String = "smtp", username: String? = nil, ca: String? = nil,
        timeout: Int? = nil
    ) throws {
        var settings = [("smtp.url", "\(scheme)://127.0.0.1:\(server.port)"), ("smtp.security", security)]
        if let username { settings.append(("smtp.username", username)) }
        if let ca { settings.append(("smtp.ca_file", ca)) }
        if let timeout { settings.append(("smtp.timeout", String(timeout))) }
        for (key, value) in settings {
            let result = try outreach("profile", "set", key, value)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
    }

    /// Starts `outreach send --rate 0` in the background and returns the running process.
    /// - Parameters:
    ///   - output: a file for its standard output.
    ///   - errors: a file for its standard error.
    /// - Returns: the process, running.
    /// - Throws: when a file cannot be made or the process cannot start.
    private func startSend(output: URL? = nil, errors: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = RunOutreach.binary
        process.arguments = ["send", "--rate", "0"]
        process.environment = ["OUTREACH_HOME": home, "PATH": "/usr/bin:/bin"]
        func sink(_ url: URL?) throws -> FileHandle {
            guard let url else { return FileHandle.nullDevice }
            FileManager.default.createFile(atPath: url.path, contents: nil)
            return try FileHandle(forWritingTo: url)
        }
        process.standardOutput = try sink(output)
        process.standardError = try sink(errors)
        try process.run()
        return process
    }

    /// Drafts four letters and starts a send to a server that holds its reply to letter `id`'s
    /// DATA until the test calls `server.release(id)`; returns once the server holds it, so the
    /// letter is `sending` and the letters after it are not yet claimed.
    private func startSendWhileLetterWaits(_ id: Int, output: URL? = nil, errors: URL? = nil) throws -> (
        SMTPTestServer, Process
    ) {
        try draftLetters(4)
        let server = try SMTPTestServer(["--no-starttls", "--hold", "\(id)"])
        try configure(server, security: "none")
        let process = try startSend(output: output, errors: errors)
        XCTAssertTrue(server.waitUntilHolding(id), "the run never handed over letter \(id)")
        XCTAssertEqual(try letters().first(where: { $0.id == Int64(id) })?.status, .sending)
        return (server, process)
    }

    private func send(_ extra: [String] = [], password: String? = SendTests.password) throws -> RunResult {
        try outreach(
            ["send", "--rate", "0"] + extra, environment: password.map { ["OUTREACH_SMTP_PASSWORD": $0] } ?? [:])
    }

    /// The password appears in no output and nowhere in the database file.
    private func assertPasswordNowhere(_ results: [RunResult], file: StaticString = #filePath, line: UInt = #line) {
        for result in results {
            XCTAssertFalse(
                result.stdout.contains(Self.password) || result.stderr.contains(Self.password), "password in output",
                file: file, line: line)
        }
        let bytes = databaseBytes() ?? Data()
        XCTAssertNil(bytes.range(of: Data(Self.password.utf8)), "password in the database", file: file, line: line)
        let profile = FileManager.default.contents(atPath: folder.path("home/profile.toml")) ?? Data()
        XCTAssertNil(profile.range(of: Data(Self.password.utf8)), "password in the profile", file: file, line: line)
    }

    func testPlainOnLoopbackSendsEachLetterOnceOverOneConnection() throws {
        try draftLetters(20)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Sent 20, deferred 0, failed 0, unknown 0."), result.stdout)
        let received = try server.received()
        XCTAssertEqual(received.map(\.rcptTos), (1...20).map { ["r\($0)@example.com"] })
        XCTAssertEqual(Set(received.map(\.connection)).count, 1, "one connection for the run")
        XCTAssertEqual(server.connections, 1)
        XCTAssertEqual(Set(received.map(\.mailFrom)), ["dana.rivera@example.org"])
        let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
        for (index, message) in received.enumerated() {
            let shown = try outreach("show", String(index + 1), "--raw")
            XCTAssertTrue(
                message.data == [UInt8](shown.stdoutData), "show --raw prints exactly the bytes the server got")
            XCTAssertTrue(message.data == (try queue.messageAsSent(id: Int64(index + 1))))
            XCTAssertNil(
                String(decoding: message.data, as: UTF8.self).range(of: "[^\r]\n", options: .regularExpression),
                "no bare LF on the wire")
            XCTAssertTrue(
                String(decoding: message.data, as: UTF8.self).contains("\r\n.\r\n..leading dots\r\nFrom here on.\r\n"),
                "dot lines arrive unchanged")
        }
        let checked = try MessageCheck.check(received.map(\.data))
        XCTAssertEqual(checked.map(\.message_id), try letters().map(\.messageId))
        XCTAssertTrue(
            try letters().allSatisfy { $0.status == .sent && $0.lastReply.hasPrefix("250 2.0.0 Ok: queued as Q") })
        let again = try send()
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.contains("Nothing to send now."), again.stdout)
        XCTAssertEqual(try server.received().count, 20, "nothing is sent twice")
    }

    /// A message longer than libcurl's 64 KiB upload buffer goes in several reads of the content,
    /// the DATA ended only after the last one (the run calls libcurl again at once after the last
    /// bytes, not after a wait): every byte arrives, dot lines included, in the right order.
    func testAMessageLongerThanOneUploadBufferArrivesWhole() throws {
        let line = "A line of the letter, long enough to fill the buffers quickly: 0123456789.\n"
        var body = "Dear Mayor {{recipient.family_name}},\n"
        for index in 0..<2_500 { body += index % 300 == 0 ? ".\n..\(index)\n" : line }
        try draftLetters(2, body: body)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        let received = try server.received()
        XCTAssertEqual(received.count, 2)
        let queue = try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true)
        for (index, message) in received.enumerated() {
            XCTAssertGreaterThan(message.data.count, 2 * 65_536, "several upload buffers")
            XCTAssertTrue(message.data == (try queue.messageAsSent(id: Int64(index + 1))), "letter \(index + 1) whole")
            XCTAssertTrue(String(decoding: message.data, as: UTF8.self).contains("\r\n.\r\n..2100\r\n"))
        }
        XCTAssertEqual(try MessageCheck.check(received.map(\.data)).count, 2)
    }

    func testSTARTTLSWithAuthPlainAndLogin() throws {
        let certificates = try TestCertificates()
        for mechanism in ["PLAIN", "LOGIN"] {
            try setUpWithError()
            try draftLetters(2)
            let server = try SMTPTestServer(
                ["--mode", "starttls", "--auth", "dana:\(Self.password)", "--mechanisms", mechanism]
                    + certificates.certificate("good"))
            try configure(server, security: "starttls", username: "dana", ca: certificates.ca)
            let result = try send()
            XCTAssertEqual(result.status, 0, "\(mechanism): \(result.stderr)")
            let received = try server.received()
            XCTAssertEqual(received.count, 2)
            XCTAssertTrue(received.allSatisfy(\.tls))
            let auth = try String(contentsOfFile: server.spool.path("auth.log"), encoding: .utf8)
            XCTAssertEqual(auth, "\(mechanism) dana ok tls=True\n", "one login for the run, inside TLS")
            assertPasswordNowhere([result])
        }
    }

    func testImplicitTLS() throws {
        let certificates = try TestCertificates()
        try draftLetters(3)
        let server = try SMTPTestServer(
            ["--mode", "tls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        try configure(server, security: "tls", scheme: "smtps", username: "dana", ca: certificates.ca)
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.received().count, 3)
        XCTAssertEqual(server.connections, 1)
    }

    func testWrongPasswordIsNamedAndNothingIsSent() throws {
        let certificates = try TestCertificates()
        try draftLetters(2)
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:right"] + certificates.certificate("good"))
        try configure(server, security: "starttls", username: "dana", ca: certificates.ca)
        let result = try send()
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: 127.0.0.1 refused the login for dana: 535"), result.stderr)
        XCTAssertEqual(try server.received().count, 0)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
        assertPasswordNowhere([result])
        // A run that stopped with nothing to keep leaves no file of kept outcomes beside the queue.
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + ".unrecorded"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + "-wal"))
    }

    func testBadCertificatesAreRefusedBeforeAuth() throws {
        let certificates = try TestCertificates()
        for name in ["selfsigned", "wronghost", "expired"] {
            try setUpWithError()
            try draftLetters(1)
            let server = try SMTPTestServer(
                ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate(name))
            try configure(server, security: "starttls", username: "dana", ca: certificates.ca)
            let result = try send()
            XCTAssertEqual(result.status, 69, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("error: TLS with 127.0.0.1 port \(server.port) failed"), result.stderr)
            XCTAssertTrue(result.stderr.contains("smtp.ca_file"), result.stderr)
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: server.spool.path("auth.log")), "\(name): AUTH was attempted")
            XCTAssertEqual(try server.received().count, 0)
            XCTAssertEqual(try letters().map(\.status), [.drafted])
            assertPasswordNowhere([result])
        }
    }

    func testServerWithoutSTARTTLSGetsNeitherAuthNorMail() throws {
        try draftLetters(1)
        let server = try SMTPTestServer(["--no-starttls", "--auth", "dana:\(Self.password)"])
        try configure(server, security: "starttls", username: "dana")
        let result = try send()
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("does not offer STARTTLS"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.spool.path("auth.log")))
        XCTAssertEqual(try server.received().count, 0)
        assertPasswordNowhere([result])
    }

    func testInsecureSkipVerifyIsExplicitAndWarns() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(["--mode", "starttls"] + certificates.certificate("selfsigned"))
        try configure(server, security: "starttls")
        let result = try send(["--insecure-skip-verify"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: --insecure-skip-verify"), result.stderr)
        XCTAssertEqual(try server.received().count, 1)
    }

    func testReplyCodesDecideTheStatus() throws {
        let cases: [(arguments: [String], status: Int32, letter: LetterStatus, reply: String)] = [
            (["--rcpt", "r1@example.com=451"], 75, .deferred, "451 4.3.0"),
            (["--rcpt", "r1@example.com=452"], 75, .deferred, "452 4.5.3"),
            (["--rcpt", "r1@example.com=550"], 1, .failed, "550 5.1.1"),
            (["--data-reply", "554"], 1, .failed, "554 5.7.1"),
            (["--mail", "451"], 75, .deferred, "451 4.3.0"),
        ]
        for item in cases {
            try setUpWithError()
            try draftLetters(1)
            let server = try SMTPTestServer(["--no-starttls"] + item.arguments)
            try configure(server, security: "none")
            let result = try send()
            XCTAssertEqual(result.status, item.status, "\(item.arguments): \(result.stdout) \(result.stderr)")
            let letter = try XCTUnwrap(try letters().first)
            XCTAssertEqual(letter.status, item.letter, "\(item.arguments)")
            XCTAssertTrue(letter.lastReply.hasPrefix(item.reply), letter.lastReply)
            if item.letter == .deferred { XCTAssertNotNil(letter.nextAttemptAt) }
            // Not due yet (deferred) or not retried unless asked (failed): a second run sends nothing.
            XCTAssertTrue(try send().stdout.contains("Nothing to send now."))
        }
    }

    func testRefusedSenderStopsTheRunAfterOneLetter() throws {
        try draftLetters(3)
        let server = try SMTPTestServer(["--no-starttls", "--mail", "553"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(
            try letters().map(\.status), [.failed, .drafted, .drafted], "every letter would meet the same 553")
        XCTAssertTrue(
            result.stderr.contains(
                "stopped: 127.0.0.1 refused the sender <dana.rivera@example.org>: 553 5.1.8 Bad sender"), result.stderr)
        XCTAssertEqual(try server.received().count, 0)
    }

    func testGreeting421StopsTheRunAndKeepsTheLetters() throws {
        try draftLetters(2)
        let server = try SMTPTestServer(["--greet", "421"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("refused the session: 421"), result.stderr)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])

        // 554 at the greeting is for good, not "try later".
        let refusing = try SMTPTestServer(["--greet", "554"])
        try configure(refusing, security: "none")
        let refused = try send()
        XCTAssertEqual(refused.status, 69, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("refused the session: 554") && refused.stderr.contains("for good"), refused.stderr)
        XCTAssertEqual(try letters().map(\.status), [.drafted, .drafted])
    }

    func testOneRefusedRecipientIsRecordedAgainstItsAddress() throws {
        try draftLetters(1, cc: "cc@example.org")
        let server = try SMTPTestServer(["--no-starttls", "--rcpt", "cc@example.org=550"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("refused cc@example.org (550 5.1.1 No such user)"), result.stdout)
        XCTAssertEqual(try server.received().map(\.rcptTos), [["r1@example.com"]])
        let shown = try outreach("show", "1")
        XCTAssertTrue(shown.stdout.contains("refused: cc@example.org: 550 5.1.1 No such user"), shown.stdout)
    }

    func testConnectionClosedInDataIsUnknownAndNotResent() throws {
        try draftLetters(2)
        let server = try SMTPTestServer(["--no-starttls", "--close-in-data"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(
            try letters().map(\.status), [.unknown, .drafted],
            "the run stops at the lost connection; the rest stay queued")
        XCTAssertTrue(
            result.stderr.contains("stopped: the connection to 127.0.0.1 port \(server.port) was lost"), result.stderr)
        let second = try send(["1"])
        XCTAssertTrue(
            second.stderr.contains("letter 1 is not sent: it may have arrived already; add --retry-unknown"),
            second.stderr)
    }

    func testSilentServersHitTheTimeout() throws {
        try draftLetters(1)
        let silent = try SMTPTestServer(["--never-greet"])
        try configure(silent, security: "none", timeout: 2)
        let start = Date()
        let neverGreets = try send()
        XCTAssertEqual(neverGreets.status, 69, neverGreets.stderr)
        XCTAssertTrue(neverGreets.stderr.contains("127.0.0.1 port \(silent.port)"), neverGreets.stderr)
        // 2 s of timeout, bounded at 20 s: ten times over, so a loaded machine cannot fail it,
        // while a run that ignored smtp.timeout (30 s by default) still would.
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "smtp.timeout bounds a silent greeting")
        XCTAssertEqual(try letters()[0].status, .drafted)

        let mute = try SMTPTestServer(["--no-starttls", "--no-reply-after-data"])
        try configure(mute, security: "none", timeout: 2)
        let noReply = try send()
        XCTAssertEqual(noReply.status, 1, noReply.stderr)
        XCTAssertEqual(try letters()[0].status, .unknown, "no reply after DATA: it may have arrived")
    }

    func testKilledRunLosesNothingAndSendsNothingTwice() throws {
        try draftLetters(6)
        // The server holds its reply to the third letter: the run is killed while it waits.
        let server = try SMTPTestServer(["--no-starttls", "--hold", "3"])
        try configure(server, security: "none")
        let output = folder.url.appendingPathComponent("send-output.txt")
        let process = try startSend(output: output)
        func printed() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        XCTAssertTrue(server.waitUntilHolding(3), "the run never handed over the third letter")
        // The second letter's line is printed once its outcome is committed, while the third waits.
        waitUntil("the second letter's line is printed") { printed().contains("2/6 letter 2 ") }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent, .sending, .drafted, .drafted, .drafted])
        // A line saying "sent" is only printed once that is recorded.
        let sentLines = printed().split(separator: "\n").filter { $0.contains(": sent: 250") }
        XCTAssertEqual(sentLines.map { String($0.prefix(13)) }, ["1/6 letter 1 ", "2/6 letter 2 "], printed())

        // Issue 18: the dry run shows exactly what the run will do, recovery included: letter 3
        // is to be marked unknown and is not sent, unless --retry-unknown, which warns.
        func dryRunIds(_ extra: [String] = []) throws -> ([Int], RunResult) {
            let dry = try outreach(["send", "--dry-run", "--summary", "--rate", "0"] + extra)
            XCTAssertEqual(dry.status, 0, dry.stderr)
            let ids = dry.stdout.split(separator: "\n").compactMap { line in
                line.range(of: "letter ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
            }
            return (ids, dry)
        }
        let (planned, dry) = try dryRunIds()
        XCTAssertEqual(planned, [4, 5, 6], dry.stdout)
        XCTAssertTrue(
            dry.stderr.contains("letter 3 was being sent when a run ended: would be marked unknown"), dry.stderr)
        let (retried, dryRetry) = try dryRunIds(["--retry-unknown"])
        XCTAssertEqual(retried, [3, 4, 5, 6], dryRetry.stdout)
        XCTAssertTrue(dryRetry.stderr.contains("letter 3, which a run may have delivered already: it may arrive twice"))
        XCTAssertEqual(try letters()[2].status, .sending, "the dry run changed nothing")

        let resumed = try send()
        XCTAssertEqual(resumed.status, 1, "a run that marks letters unknown exits 1, as the README says")
        XCTAssertTrue(
            resumed.stderr.contains("letter 3 was being sent when a run ended: marked unknown"), resumed.stderr)
        XCTAssertEqual(
            try letters()[2].lastReply, "a send run ended while this letter was being sent; it may have arrived")
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent, .unknown, .sent, .sent, .sent])
        let recipients = try server.received().flatMap(\.rcptTos)
        XCTAssertEqual(
            recipients.filter { $0 != "r3@example.com" },
            ["r1@example.com", "r2@example.com", "r4@example.com", "r5@example.com", "r6@example.com"])
        XCTAssertEqual(Set(recipients).count, recipients.count, "nothing delivered twice")
    }

    /// Review of issue 17: past its first letters a fast run notes its hand-overs in a file and
    /// writes the queue in batches; after a kill, the letters the server took showed `drafted`
    /// until the next `send`, and `edit`, `mark` and `discard` changed them (an edit showed text
    /// that was never sent; a letter marked delivered by hand became `sent`). A change now
    /// records what the dead run left first.
    func testAChangeAfterAFastRunWasKilledSeesWhatTheRunHandedOver() throws {
        try draftLetters(30)
        let server = try SMTPTestServer(["--no-starttls", "--hold", "20"])
        try configure(server, security: "none")
        let process = try startSend()
        XCTAssertTrue(server.waitUntilHolding(20), "the run never handed over letter 20")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        server.release(20)

        let mark = try outreach("mark", "19", "--delivered-by-hand", "--via", "postal")
        XCTAssertEqual(mark.status, 65, mark.stderr)
        XCTAssertTrue(mark.stderr.contains("letter 19 is sent and cannot be marked delivered by hand"), mark.stderr)
        XCTAssertTrue(
            mark.stderr.contains("letter 20 was being sent when a run ended: marked unknown"),
            "the settling is said: \(mark.stderr)")
        let edit = try outreach(["edit", "18"], environment: ["EDITOR": "true"])
        XCTAssertEqual(edit.status, 65, edit.stderr)
        XCTAssertTrue(edit.stderr.contains("letter 18 is sent and cannot be edited"), edit.stderr)
        let statuses = try letters().map(\.status)
        XCTAssertEqual(
            statuses,
            Array(repeating: .sent, count: 19) + [.unknown] + Array(repeating: .drafted, count: 10))
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + ".handover"), "the notes are recorded")
        // The letter on its way is discarded after its hand-over, in that order.
        XCTAssertEqual(try outreach("discard", "20").status, 0)
        let history = try history(of: 20)
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .unknown, .discarded])
        let resumed = try send()
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let recipients = try server.received().flatMap(\.rcptTos)
        XCTAssertEqual(Set(recipients).count, recipients.count, "nothing delivered twice")
    }

    func testAFastRunKilledPastItsFirstLettersLeavesOneUncertainAndItsNotes() throws {
        // Past its first letters, a fast run notes each hand-over in a mapped file and writes the
        // queue in batches: the kill comes while letter 20's reply is held.
        try draftLetters(30)
        let server = try SMTPTestServer(["--no-starttls", "--hold", "20"])
        try configure(server, security: "none")
        let output = folder.url.appendingPathComponent("send-output.txt")
        let process = try startSend(output: output)
        XCTAssertTrue(server.waitUntilHolding(20), "the run never handed over letter 20")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        server.release(20)
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let reported = Set(
            printed.split(separator: "\n").filter { $0.contains(": sent: 250") }.compactMap { line in
                line.range(of: " letter ").flatMap { Int64(line[$0.upperBound...].prefix { $0.isNumber }) }
            })
        XCTAssertTrue(FileManager.default.fileExists(atPath: database + ".handover"), "the notes outlive the kill")
        let queued = try letters()
        for letter in queued where reported.contains(letter.id) {
            XCTAssertEqual(letter.status, .sent, "a line is printed once its outcome is in the queue, on disk")
        }

        let resumed = try send()
        XCTAssertEqual(resumed.status, 1, resumed.stderr)
        XCTAssertTrue(
            resumed.stderr.contains("letter 20 was being sent when a run ended: marked unknown"), resumed.stderr)
        let final = try letters()
        XCTAssertEqual(final.filter { $0.status == .unknown }.map(\.id), [20], "only the letter on its way")
        XCTAssertEqual(final.filter { $0.status == .sent }.count, 29)
        // Letter 20's content reached the server, whose reply the kill cut short.
        let recipients = try server.received().flatMap(\.rcptTos).filter { $0 != "r20@example.com" }
        XCTAssertEqual(
            recipients.sorted(), (1...30).filter { $0 != 20 }.map { "r\($0)@example.com" }.sorted(), "each once")
        let history = try history(of: 20)
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .unknown], "its hand-over, from the notes")
        let date = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT dateHeader FROM event WHERE letterId = 20 AND kind = 'sending'\").fetchone()[0])",
                database,
            ], in: folder.url.path
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(
            try outreach("show", "20", "--raw").stdout.hasPrefix("Date: \(date)\r\n"),
            "the Date it carried, kept: \(date)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + ".handover"), "done with")
    }

    func testLetterDiscardedDuringTheRunIsNotSent() throws {
        let output = folder.url.appendingPathComponent("send-output.txt")
        let (server, process) = try startSendWhileLetterWaits(1, output: output)
        // The run planned letter 3 before this; its claim now finds it discarded.
        let discard = try outreach("discard", "3")
        XCTAssertEqual(discard.status, 0, discard.stderr)
        server.release(1)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent, .discarded, .sent])
        XCTAssertEqual(
            try server.received().flatMap(\.rcptTos), ["r1@example.com", "r2@example.com", "r4@example.com"],
            "nothing of letter 3 was delivered")
        let history = try history(of: 3).map(
            \.kind)
        XCTAssertEqual(history, [.drafted, .discarded], "letter 3 was never marked sending")
        let printed = try String(contentsOf: output, encoding: .utf8)
        XCTAssertTrue(
            printed.contains(
                "3/4 letter 3 Mayor Number3 <r3@example.com>: not sent: it was discarded or changed while the run was going"
            ), printed)
    }

    /// The letter a running send is handing over (`sending`) is refused as a claimed one is:
    /// exit 75, wait for the run (it was exit 65, "cannot be discarded", with a hint that did
    /// not fit). Once the run has died, a change first settles what it left, as the next send
    /// would: the letter may have gone, so it is `unknown` before it is discarded.
    func testTheLetterInFlightCannotBeChangedUntilTheRunEnds() throws {
        let (server, process) = try startSendWhileLetterWaits(1)
        let editor = try folder.write("editor.sh", "#!/bin/sh\nsed -i 's/Thank you./Changed./' \"$1\"\n")
        chmod(editor, 0o755)
        let attempts: [(String, RunResult)] = [
            ("discarded", try outreach("discard", "1")),
            ("edited", try outreach("edit", "1", environment: ["EDITOR": editor])),
            ("marked delivered by hand", try outreach("mark", "1", "--delivered-by-hand", "--via", "postal")),
        ]
        for (action, result) in attempts {
            XCTAssertEqual(result.status, 75, "\(action): \(result.stderr)")
            XCTAssertEqual(
                result.stderr,
                "error: letter 1 cannot be \(action) now: the 'outreach send' that is going has claimed it\nhint: that run is sending it or is about to; wait for the run to end (or stop it with Ctrl-C), then try again\n"
            )
        }
        XCTAssertEqual(try letters().first?.status, .sending, "nothing changed it")
        // A run that died leaves it sending, not in flight: the change settles it first, and says so.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let stranded = try outreach("discard", "1")
        XCTAssertEqual(stranded.status, 0, stranded.stderr)
        XCTAssertTrue(
            stranded.stderr.hasPrefix(
                "note: letter 1 was being sent when a run ended: marked unknown (it may have arrived)"),
            stranded.stderr)
        server.release(1)
        XCTAssertEqual(try letters().map(\.status), [.discarded, .drafted, .drafted, .drafted])
        let history = try history(of: 1)
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .unknown, .discarded])
    }

    func testLetterEditedDuringTheRunGoesAsEdited() throws {
        let (server, process) = try startSendWhileLetterWaits(1)
        // The run planned letter 2 before this; its message is read when it is claimed.
        let script = try folder.write(
            "editor.sh", "#!/bin/sh\nsed -i 's/Thank you./Thank you, edited while a run was going./' \"$1\"\n")
        chmod(script, 0o755)
        let edit = try outreach("edit", "2", environment: ["EDITOR": script])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        server.release(1)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let received = try server.received().first { $0.rcptTos == ["r2@example.com"] }
        let text = String(decoding: try XCTUnwrap(received).data, as: UTF8.self)
        XCTAssertTrue(text.contains("Thank you, edited while a run was going."), text)
        XCTAssertEqual(try outreach("show", "2", "--raw").stdout, text, "show --raw prints what the server received")
    }

    func testDatabaseFailureMidRunWithholdsTheContentAndStops() throws {
        // Ordered by signals: the server holds letter 1's 250 until another connection holds
        // the write lock, and that connection keeps it until the run has ended. So marking
        // letter 2 (while the server answers its MAIL and RCPT) waits the queue's busy timeout
        // (10 s) and fails, whatever the machine's speed.
        let errors = folder.url.appendingPathComponent("send-errors.txt")
        let (server, process) = try startSendWhileLetterWaits(1, errors: errors)
        let locked = folder.path("locked")
        let unlock = folder.path("unlock")
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        locker.arguments = [
            "-c",
            """
            import os, sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            open(sys.argv[2], 'w').close()
            deadline = time.time() + 300
            while not os.path.exists(sys.argv[3]) and time.time() < deadline:
                time.sleep(0.01)
            c.execute('ROLLBACK')
            """,
            database, locked, unlock,
        ]
        try locker.run()
        waitUntil("the other connection holds the write lock") {
            FileManager.default.fileExists(atPath: locked) || !locker.isRunning
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: locked), "the locker could not take the write lock")
        server.release(1)
        process.waitUntilExit()
        FileManager.default.createFile(atPath: unlock, contents: nil)
        locker.waitUntilExit()
        XCTAssertEqual(locker.terminationStatus, 0)
        XCTAssertEqual(process.terminationStatus, 1, "a database error stops the run")
        XCTAssertEqual(
            try server.received().flatMap(\.rcptTos), ["r1@example.com"], "nothing of letter 2 was delivered")
        // Issue 18: letter 1's 250 went into the transaction that failed, and the lock was still
        // held when the run tried to store it alone. It is reported as accepted but not recorded,
        // by id, and kept in a file beside the queue.
        let printed = try String(contentsOf: errors, encoding: .utf8)
        XCTAssertTrue(
            printed.contains(
                "error: letter 1 was accepted by the server, but the queue could not record it: database is locked"),
            printed)
        XCTAssertTrue(
            printed.contains(
                "hint: kept in \(database).unrecorded: the next 'outreach send' records what the server took and never sends it again to an address that got it; do not resend it with --retry-unknown: it would arrive twice"
            ), printed)
        XCTAssertEqual(try letters().map(\.status), [.sending, .drafted, .drafted, .drafted])
        // The next plain run records it as sent (not unknown), and sends the others.
        let next = try send()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(
            next.stderr.contains(
                "letter 1 was handed over by a run that could not record the outcome: recorded as sent now"),
            next.stderr)
        XCTAssertEqual(try letters().map(\.status), [.sent, .sent, .sent, .sent])
        XCTAssertEqual(try letters()[0].lastReply, "250 2.0.0 Ok: queued as Q00001")
        XCTAssertEqual(
            try server.received().flatMap(\.rcptTos),
            ["r1@example.com", "r2@example.com", "r3@example.com", "r4@example.com"], "letter 1 once")
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + ".unrecorded"), "applied, then removed")
        let history = try history(of: 1)
        XCTAssertEqual(history.map(\.kind), [.drafted, .sending, .sent])
    }

    func testDryRunChangesNothingAndConnectsToNothing() throws {
        try draftLetters(3)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "none")
        XCTAssertEqual(try outreach("profile", "set", "smtp.daily_cap", "2").status, 0)
        let before = try XCTUnwrap(databaseBytes())
        let dry = try outreach("send", "--dry-run")
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(databaseBytes(), before, "byte for byte unchanged")
        XCTAssertEqual(server.connections, 0)
        XCTAssertTrue(
            dry.stdout.contains(
                "=== 1/2: letter 1, at +0s ===\nMAIL FROM:<dana.rivera@example.org>\nRCPT TO:<r1@example.com>\nDATA\nDate: "
            ), dry.stdout)
        XCTAssertTrue(
            dry.stdout.contains("=== 2/2: letter 2, at +3s ==="), "the default rate, 20 a minute, spaces them 3 s apart"
        )
        XCTAssertTrue(dry.stdout.contains("1 more would wait for the daily cap (2 in 24 hours"), dry.stdout)
        XCTAssertEqual(try outreach("send", "--dry-run", "42").status, 66, "an id not in the queue, as in a real run")
        let summary = try outreach("send", "--dry-run", "--summary", "--rate", "0", "--daily-cap", "0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + "-wal"))
        XCTAssertEqual(summary.stdout.split(separator: "\n").filter { $0.contains("letter ") }.count, 3, summary.stdout)
        XCTAssertEqual(databaseBytes(), before)
    }

    func testTwoRunsAtOnceNeverSendTheSameLetter() throws {
        try draftLetters(3)
        // The server holds the first letter's reply until the second run has been refused.
        let server = try SMTPTestServer(["--no-starttls", "--hold", "1"])
        try configure(server, security: "none")
        let first = try startSend()
        XCTAssertTrue(server.waitUntilHolding(1), "the first run never handed over a letter")
        let second = try send()
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("another 'outreach send' is running"), second.stderr)
        server.release(1)
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(try server.received().count, 3)
    }

    /// `smtp.security starttls` with an smtps:// URL: the error reads as a sentence and offers
    /// both fixes with the person's own host and port (it said "use smtp://127.0.0.1:587" only);
    /// the first fix works against the server.
    func testASecurityThatDisagreesWithTheURLOffersBothFixes() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(["--mode", "tls"] + certificates.certificate("good"))
        try configure(server, security: "starttls", scheme: "smtps", ca: certificates.ca)
        let refused = try send(["--check"])
        XCTAssertEqual(refused.status, 78, refused.stderr)
        XCTAssertEqual(
            refused.stderr,
            "error: profile key 'smtp.security': \"starttls\" does not go with an smtps:// URL, which is implicit TLS (TLS from the first byte)\nhint: to keep smtps://127.0.0.1:\(server.port): outreach profile set smtp.security tls; or, for STARTTLS: outreach profile set smtp.url smtp://127.0.0.1:587\n"
        )
        XCTAssertEqual(try outreach("profile", "set", "smtp.security", "tls").status, 0)
        XCTAssertEqual(try send(["--check"]).status, 0)
        // The reverse: tls with smtp://, both fixes with the port given.
        XCTAssertEqual(try outreach("profile", "set", "smtp.url", "smtp://127.0.0.1:2587").status, 0)
        let reverse = try send(["--check"])
        XCTAssertEqual(reverse.status, 78, reverse.stderr)
        XCTAssertTrue(
            reverse.stderr.contains(
                "hint: for implicit TLS: outreach profile set smtp.url smtps://127.0.0.1:2587; or, to keep smtp://127.0.0.1:2587, outreach profile set smtp.security starttls"
            ), reverse.stderr)
        XCTAssertEqual(try server.received().count, 0)
    }

    /// `smtp.security none` and `smtp.username` never go together: refused when the second is
    /// set (it was accepted then and refused only at send time), the profile left as it was.
    func testSecurityNoneWithAUserIsRefusedWhenSet() throws {
        try draftLetters(1)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "starttls", username: "dana")
        let profileFile = folder.path("home/profile.toml")
        let before = try String(contentsOfFile: profileFile, encoding: .utf8)
        let none = try outreach("profile", "set", "smtp.security", "none")
        XCTAssertEqual(none.status, 78, none.stderr)
        XCTAssertEqual(
            none.stderr,
            "error: profile key 'smtp.security': \"none\" is never used with AUTH: smtp.username is dana, and credentials are never sent in clear\nhint: use starttls or tls; or, for a loopback server without login, first: outreach profile set smtp.username ''\n"
        )
        XCTAssertEqual(try String(contentsOfFile: profileFile, encoding: .utf8), before, "the profile is unchanged")
        XCTAssertEqual(try outreach("profile", "set", "smtp.username", "").status, 0)
        XCTAssertEqual(try outreach("profile", "set", "smtp.security", "none").status, 0)
        let user = try outreach("profile", "set", "smtp.username", "dana")
        XCTAssertEqual(user.status, 78, user.stderr)
        XCTAssertTrue(
            user.stderr.contains(
                "error: profile key 'smtp.username': \"dana\" needs TLS: smtp.security is none, and credentials are never sent in clear"
            ), user.stderr)
        // What is left works: no login, no TLS, to loopback.
        XCTAssertEqual(try send().status, 0)
        XCTAssertEqual(try server.received().count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.spool.path("auth.log")))
    }

    func testOtherChannelsAreNotEmailedAndNotConfiguredIsExplained() throws {
        try makeOaklandProfile()
        let drafted = try outreach("draft", "--to", "senator", "--note", "hi")
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        let unconfigured = try send()
        XCTAssertEqual(unconfigured.status, 78)
        XCTAssertTrue(unconfigured.stderr.contains("error: no SMTP server in the profile"), unconfigured.stderr)
        XCTAssertTrue(unconfigured.stderr.contains("outreach profile set smtp.url"), unconfigured.stderr)
        // The way most people set it: a provider's preset.
        XCTAssertTrue(
            unconfigured.stderr.contains(
                "hint: pick your provider: outreach profile set smtp.provider NAME (gmail, google-workspace, outlook,"),
            unconfigured.stderr)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "none")
        let result = try send()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Not emailed: 2 letters for a web form and 0 for the post"), result.stdout)
        XCTAssertEqual(server.connections, 0)
    }

    func testSettingsAreChecked() throws {
        try makeOaklandProfile()
        let cases: [([String], Int32, String)] = [
            (["smtp.url", "http://example.org"], 78, "is not an smtp:// or smtps:// URL"),
            (
                ["smtp.url", "smtp://user:pw@example.org:587"], 78,
                "\"smtp://example.org:587\" holds a user or password"
            ),
            (["smtp.url", "smtp://example.org:99999"], 78, "has a port that is not a whole number from 1 to 65535"),
            // Issue 18: a port too large for an Int is refused, not replaced by 587.
            (["smtp.url", "smtp://example.org:99999999999"], 78, "(\"99999999999\")"),
            (["smtp.url", "smtp://example.org:0"], 78, "from 1 to 65535 (\"0\")"),
            (["smtp.url", "smtp://example.org:"], 78, "from 1 to 65535 (\"\")"),
            (["smtp.timeout", "99999999999"], 78, "from 1 to 3600"),
            (["smtp.security", "maybe"], 78, "is not tls, starttls or none"),
            (["smtp.password", "s3cret"], 78, "\"(hidden)\" is never stored in the profile"),
            (["smtp.rate", "fast"], 78, "messages per minute"),
            (["smtp.rate", "1e-300"], 78, "messages per minute"),
            (["smtp.rate", "0x10"], 78, "messages per minute"),
            (["smtp.rate", "inf"], 78, "messages per minute"),
            (["smtp.colour", "x"], 64, "unknown profile key 'smtp.colour'"),
        ]
        for (arguments, status, message) in cases {
            let result = try outreach(["profile", "set"] + arguments)
            XCTAssertEqual(result.status, status, result.stderr)
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
            XCTAssertFalse(
                result.stderr.contains("s3cret") || result.stderr.contains(":pw@"),
                "a secret was echoed: \(result.stderr)")
        }
        XCTAssertEqual(try outreach("profile", "set", "smtp.url", "smtp://smtp.example.org:587").status, 0)
        XCTAssertEqual(try outreach("profile", "set", "smtp.security", "none").status, 0)
        let remote = try send()
        XCTAssertEqual(remote.status, 78)
        XCTAssertTrue(remote.stderr.contains("is allowed only to a loopback address"), remote.stderr)
        // A name that starts like a loopback address is not one (refused before any connection).
        XCTAssertEqual(try outreach("profile", "set", "smtp.url", "smtp://127.example.com:587").status, 0)
        let lookalike = try send()
        XCTAssertEqual(lookalike.status, 78, lookalike.stderr)
        XCTAssertTrue(
            lookalike.stderr.contains("is allowed only to a loopback address, not 127.example.com"), lookalike.stderr)
        // A dry run checks the settings too; only a missing smtp.url is left for later.
        let dry = try outreach("send", "--dry-run")
        XCTAssertEqual(dry.status, 78, dry.stderr)
        XCTAssertEqual(try outreach("send", "--rate", "nan").status, 64)
        XCTAssertEqual(
            try outreach("send", "--dry-run", "--rate", "1e-300").status, 64, "a rate that would wait longer than time")

        let profileFile = folder.path("home/profile.toml")
        // An unknown key in the file is a broken profile (78), named.
        let original = try String(contentsOfFile: profileFile, encoding: .utf8)
        try original.replacingOccurrences(of: "[smtp]\n", with: "[smtp]\nbogus = 1\n").write(
            toFile: profileFile, atomically: true, encoding: .utf8)
        let unknown = try outreach("send", "--dry-run")
        XCTAssertEqual(unknown.status, 78, unknown.stderr)
        XCTAssertTrue(
            unknown.stderr.contains("'smtp.bogus'") && unknown.stderr.contains("is not a setting outreach knows"),
            unknown.stderr)
        try original.write(toFile: profileFile, atomically: true, encoding: .utf8)

        // A secret written into the profile by hand is never shown.
        let text = try String(contentsOfFile: profileFile, encoding: .utf8)
        try text.replacingOccurrences(of: "[smtp]\n", with: "[smtp]\npassword = 's3cret'\n").write(
            toFile: profileFile, atomically: true, encoding: .utf8)
        for shown in [try outreach("profile", "show"), try outreach("profile", "show", "--json")] {
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertFalse(shown.stdout.contains("s3cret"), shown.stdout)
            XCTAssertTrue(shown.stdout.contains("hidden"), shown.stdout)
        }
    }

    func testPasswordFromNetrcAndCommand() throws {
        let certificates = try TestCertificates()
        try draftLetters(2)
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        try configure(server, security: "starttls", username: "dana", ca: certificates.ca)
        let netrcHome = folder.path("netrc-home")
        try folder.write("netrc-home/.netrc", "machine 127.0.0.1 login dana password \(Self.password)\n")
        chmod(folder.path("netrc-home/.netrc"), 0o600)
        let viaNetrc = try outreach(["send", "--rate", "0", "--limit", "1"], environment: ["HOME": netrcHome])
        XCTAssertEqual(viaNetrc.status, 0, viaNetrc.stderr)
        // An empty first line, or one holding a control character, is refused here, not sent.
        let badCommands = [
            ("echo", "smtp.password_command printed an empty first line"),
            ("printf 'a\\033b\\n'", "holds a control character"),
        ]
        for (index, (command, message)) in badCommands.enumerated() {
            let bad = try folder.write("bad-password-\(index).sh", "#!/bin/sh\n\(command)\n")
            chmod(bad, 0o700)
            XCTAssertEqual(try outreach("profile", "set", "smtp.password_command", bad).status, 0)
            let refused = try outreach(["send", "--rate", "0"])
            XCTAssertEqual(refused.status, 78, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
        XCTAssertEqual(try server.received().count, 1)
        // A CRLF line end (a Windows editor, a vault tool) ends the line; it is not part of it.
        let script = try folder.write(
            "secret.sh", "#!/bin/sh\nprintf '%s\\r\\nsecond line ignored\\n' '\(Self.password)'\n")
        chmod(script, 0o700)
        XCTAssertEqual(try outreach("profile", "set", "smtp.password_command", script).status, 0)
        let viaCommand = try outreach(["send", "--rate", "0"])
        XCTAssertEqual(viaCommand.status, 0, viaCommand.stderr)
        XCTAssertEqual(try server.received().count, 2)
        assertPasswordNowhere([viaNetrc, viaCommand])
    }

    /// A ~/.netrc entry for the host gives its password only to the user it names, and that user
    /// is the one logged in (libcurl alone took the first entry's login, and `--check` named
    /// smtp.username): an entry for another login is an error naming the file and the user.
    func testNetrcGivesOnlyTheConfiguredUsersPassword() throws {
        let certificates = try TestCertificates()
        try draftLetters(1)
        let server = try SMTPTestServer(
            ["--mode", "starttls", "--auth", "dana:\(Self.password)"] + certificates.certificate("good"))
        try configure(server, security: "starttls", username: "dana", ca: certificates.ca)
        let netrcHome = folder.path("netrc-home")
        try folder.write("netrc-home/.netrc", "machine 127.0.0.1 login other password Other-PW-77\n")
        chmod(folder.path("netrc-home/.netrc"), 0o600)
        for arguments in [["send", "--check"], ["send", "--rate", "0"]] {
            let refused = try outreach(arguments, environment: ["HOME": netrcHome])
            XCTAssertEqual(refused.status, 78, refused.stderr)
            XCTAssertTrue(
                refused.stderr.contains(
                    "error: ~/.netrc has no entry for dana (smtp.username) at 127.0.0.1, only for other: outreach logs in only as dana"
                ), refused.stderr)
            XCTAssertTrue(
                refused.stderr.contains("hint: add 'machine 127.0.0.1 login dana password ...' to ~/.netrc"),
                refused.stderr)
            XCTAssertFalse(refused.stdout.contains("logged in"), refused.stdout)
            XCTAssertFalse(refused.stderr.contains("Other-PW-77"), refused.stderr)
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: server.spool.path("auth.log")), "no login was tried as anyone")
        XCTAssertEqual(try server.received().count, 0)
        // The entry for dana comes second (a quoted password, as curl reads them): it is the one used.
        try folder.write(
            "netrc-home/.netrc",
            "machine 127.0.0.1 login other password Other-PW-77\nmachine 127.0.0.1\n  login dana password \"\(Self.password)\"\n"
        )
        let check = try outreach(["send", "--check"], environment: ["HOME": netrcHome])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("AUTH:        LOGIN PLAIN; logged in as dana (PLAIN)"), check.stdout)
        let sent = try outreach(["send", "--rate", "0"], environment: ["HOME": netrcHome])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertEqual(try server.received().map(\.rcptTos), [["r1@example.com"]])
        let logins = try String(contentsOfFile: server.spool.path("auth.log"), encoding: .utf8)
        XCTAssertEqual(logins.split(separator: "\n").map { $0.split(separator: " ")[1] }, ["dana", "dana"], logins)
        assertPasswordNowhere([check, sent])
    }

    func testNothingToSendSaysWhyAndUnknownIdsAreErrors() throws {
        try draftLetters(3)
        let server = try SMTPTestServer(["--no-starttls"])
        try configure(server, security: "none")
        XCTAssertEqual(try send(["--daily-cap", "2"]).status, 0)
        let capped = try send(["--daily-cap", "2"])
        XCTAssertEqual(capped.status, 0, capped.stderr)
        XCTAssertTrue(
            capped.stdout.contains("The daily cap is reached: 2 sent in the last 24 hours (cap 2); the rest wait."),
            capped.stdout)
        let missing = try send(["99"])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("error: no letter 99 in the queue"), missing.stderr)
        let piped = try send()
        XCTAssertTrue(piped.stdout.hasPrefix("1/1 letter 3 Mayor Number3 <r3@example.com>: sent: 250"), piped.stdout)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: database + "-wal"), "the queue is left in rollback-journal mode")
    }

    /// Sends `signal` to a run while the server holds letter 2's reply: the run names it, finishes
    /// and records letter 2, stops, and exits 128 plus the signal's number.
    private func assertStopsAfterTheMessageInFlight(
        _ signal: Int32, named name: String, exitStatus: Int32, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let errors = folder.url.appendingPathComponent("send-errors.txt")
        let output = folder.url.appendingPathComponent("send-output.txt")
        let (server, process) = try startSendWhileLetterWaits(2, output: output, errors: errors)
        kill(process.processIdentifier, signal)
        waitUntil("the run acknowledges \(name)") {
            ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains(
                "\(name): stopping after the message in flight")
        }
        server.release(2)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, exitStatus, "128 + \(signal)", file: file, line: line)
        let printed = try String(contentsOf: output, encoding: .utf8)
        XCTAssertTrue(printed.contains("(stopped by \(name); the rest stay queued)"), printed, file: file, line: line)
        XCTAssertFalse(printed.contains("Ctrl-C"), printed, file: file, line: line)
        XCTAssertEqual(
            try letters().map(\.status), [.sent, .sent, .drafted, .drafted], "nothing left uncertain", file: file,
            line: line)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: database + "-wal"), "a stopped run leaves the rollback journal too",
            file: file, line: line)
    }

    func testSIGTERMIsNamedAndExits143() throws {
        try assertStopsAfterTheMessageInFlight(SIGTERM, named: "SIGTERM", exitStatus: 143)
    }

    /// Review of issue 17: closing the terminal (SIGHUP) ended a run as a kill does, with the
    /// letter on its way left uncertain. It stops the run as SIGTERM does.
    func testSIGHUPStopsAfterTheMessageInFlightAndExits129() throws {
        try assertStopsAfterTheMessageInFlight(SIGHUP, named: "SIGHUP", exitStatus: 129)
    }

    func testALateReplyToMAILIsNamedAsSuch() throws {
        try draftLetters(2)
        // The second MAIL FROM (on the reused connection) is answered after the timeout.
        let server = try SMTPTestServer(["--no-starttls", "--slow-mail", "2=30"])
        try configure(server, security: "none", timeout: 2)
        let result = try send()
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "127.0.0.1 port \(server.port) did not answer MAIL FROM within 2 seconds; nothing of the letter was sent"
            ),
            result.stderr)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: database + "-wal"), "a run that failed leaves the rollback journal")
        XCTAssertFalse(result.stderr.contains("greeting"), result.stderr)
        XCTAssertEqual(try letters().map(\.status), [.sent, .drafted], "the letter goes back as it was")
    }

    func testCtrlCFinishesTheMessageInFlightAndStops() throws {
        let errors = folder.url.appendingPathComponent("send-errors.txt")
        let (server, process) = try startSendWhileLetterWaits(2, errors: errors)
        kill(process.processIdentifier, SIGINT)
        // Letter 2 is answered only once the run has said it will stop after it.
        waitUntil("the run acknowledges Ctrl-C") {
            ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains("stopping after the message in flight")
        }
        server.release(2)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(
            ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains(
                "Ctrl-C: stopping after the message in flight"))
        XCTAssertEqual(
            try letters().map(\.status), [.sent, .sent, .drafted, .drafted],
            "the letter in flight is finished and recorded; the rest stay queued")
        XCTAssertEqual(try server.received().count, 2)
    }
}
