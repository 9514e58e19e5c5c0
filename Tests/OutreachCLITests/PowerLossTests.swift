import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 18: a power cut and a full disk during `outreach send`, emulated by an LD_PRELOAD
/// shim (Tests/Scripts/powercut.c, built here) under the real binary, against a real server.
///
/// A power cut: the run is killed, then every file of the queue is put back as it was at its
/// last sync (what a disk keeps through a cut), and a plain `send` runs as after a reboot (the
/// shim gives it another boot id). No letter may reach the server twice, every line the dead
/// run printed as sent must still be sent, and at most `Deliverer.powerLossBound` letters may be left
/// uncertain.
final class PowerLossTests: SMTPTestCase {
    private var shim = ""
    private let letterCount = 60

    override func setUpWithError() throws {
        try super.setUpWithError()
        shim = folder.path("powercut.so")
        let build = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/cc"),
            ["-shared", "-fPIC", "-O2", "-o", shim, "\(Repository.scripts)/powercut.c", "-ldl", "-lpthread"],
            in: folder.url.path)
        XCTAssertEqual(build.status, 0, "the shim builds (script/bootstrap installs gcc): \(build.stderr)")
    }

    /// The home folder as the kernel names it (the shim compares against /proc/self/fd links).
    private var realHome: String { URL(fileURLWithPath: home).resolvingSymlinksInPath().path }
    private var shadow: String { folder.path("shadow") }

    private func draftAndConfigure(_ server: SMTPTestServer) throws {
        try makeOaklandProfile()
        var csv = Self.header + "\n"
        for index in 1...letterCount {
            csv +=
                Self.row(
                    id: "r\(index)", name: "Mayor Number\(index)", family: "Number\(index)", city: "Town\(index)",
                    email: "r\(index)@example.com") + "\n"
        }
        let drafted = try draftFixture(csv: csv, template: Self.template(body: "Dear Mayor,\nThank you.\n"))
        XCTAssertEqual(drafted.status, 0, drafted.stderr)
        for (key, value) in [("smtp.url", "smtp://127.0.0.1:\(server.port)"), ("smtp.security", "none")] {
            XCTAssertEqual(try outreach("profile", "set", key, value).status, 0)
        }
    }

    /// Copies every file of the home to the shadow folder: what is on disk before the run.
    private func snapshotHome() throws -> Set<String> {
        try FileManager.default.createDirectory(atPath: shadow, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: home)
        for name in names {
            try FileManager.default.copyItem(atPath: "\(home)/\(name)", toPath: "\(shadow)/\(name)")
        }
        return Set(names)
    }

    /// Puts the home back as a power cut now would leave it: the names its last folder sync
    /// recorded (or those it had before the run), each file as of its last sync (empty if
    /// never synced); the shared-memory index is rebuilt by SQLite, as after a reboot.
    private func cutPower(initial: Set<String>) throws {
        let namesFile = "\(shadow)/.names"
        let durable =
            FileManager.default.fileExists(atPath: namesFile)
            ? Set(try String(contentsOfFile: namesFile, encoding: .utf8).split(separator: "\n").map(String.init))
            : initial
        for name in try FileManager.default.contentsOfDirectory(atPath: home) {
            try FileManager.default.removeItem(atPath: "\(home)/\(name)")
        }
        for name in durable where !name.hasSuffix("-shm") {
            let copy = "\(shadow)/\(name)"
            if FileManager.default.fileExists(atPath: copy) {
                try FileManager.default.copyItem(atPath: copy, toPath: "\(home)/\(name)")
            } else {
                FileManager.default.createFile(atPath: "\(home)/\(name)", contents: nil)
            }
        }
    }

    /// The letters a run's output said were sent.
    private func printedSent(_ output: String) -> Set<Int64> {
        Set(
            output.split(separator: "\n").filter { $0.contains(": sent: 250") }.compactMap { line in
                line.range(of: " letter ").flatMap { Int64(line[$0.upperBound...].prefix { $0.isNumber }) }
            })
    }

    /// Sends, cuts the power once the run has printed `lines` lines, and checks the next run.
    private func cutAndResume(afterLines lines: Int) throws {
        // The last letter's reply is held, so the run cannot end before the cut.
        let server = try SMTPTestServer(["--no-starttls", "--hold", "\(letterCount)"])
        try draftAndConfigure(server)
        let initial = try snapshotHome()
        let output = folder.url.appendingPathComponent("send-output.txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = RunOutreach.binary
        process.arguments = ["send", "--rate", "0"]
        process.environment = [
            "OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "LD_PRELOAD": shim, "POWERCUT_DIR": realHome,
            "POWERCUT_SHADOW": shadow,
            // A disk as slow to sync as this project's machines (about 4 ms).
            "POWERCUT_SYNC_DELAY_US": "4000",
        ]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        func printed() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        waitUntil("the run has printed \(lines) lines") { printed().split(separator: "\n").count >= lines }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        server.release(letterCount)
        let reported = printedSent(printed())
        let receivedByTheDeadRun = Set(try server.received().flatMap(\.rcptTos))

        try cutPower(initial: initial)
        let check = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute('PRAGMA integrity_check').fetchone()[0])",
                database,
            ], in: folder.url.path)
        XCTAssertEqual(check.stdout, "ok\n", "the cut left a sound file: \(check.stderr)")
        let restored = try letters()
        for letter in restored where reported.contains(letter.id) {
            XCTAssertEqual(letter.status, .sent, "letter \(letter.id) was printed as sent: it was on disk first")
        }
        // Letters the server has whose outcome the cut took: a plain send used to resend them.
        let lost = restored.filter { receivedByTheDeadRun.contains($0.envelopeTo) && $0.status != .sent }

        let resumed = try outreach(
            ["send", "--rate", "0"], environment: ["LD_PRELOAD": shim, "POWERCUT_BOOT_ID": UUID().uuidString])
        XCTAssertTrue([0, 1].contains(resumed.status), resumed.stderr)
        let recipients = try server.received().flatMap(\.rcptTos)
        XCTAssertEqual(Set(recipients).count, recipients.count, "no letter reached the server twice: \(recipients)")
        let final = try letters()
        let unknown = final.filter { $0.status == .unknown }
        XCTAssertLessThanOrEqual(
            unknown.count, Deliverer.powerLossBound, "at most the README's bound is left uncertain")
        for letter in lost {
            XCTAssertEqual(
                final.first { $0.id == letter.id }?.status, .unknown, "letter \(letter.id) may have arrived: unknown")
        }
        for letter in final {
            XCTAssertTrue([.sent, .unknown].contains(letter.status), "letter \(letter.id) is \(letter.status)")
            if letter.status == .sent { XCTAssertTrue(recipients.contains(letter.envelopeTo), "\(letter.id) went") }
        }
        XCTAssertGreaterThan(unknown.count, 0, "the cut caught claimed letters, or this test proves nothing")
        if !unknown.isEmpty {
            XCTAssertEqual(resumed.status, 1, "a run that marks letters unknown exits 1")
            XCTAssertTrue(resumed.stderr.contains("marked unknown"), resumed.stderr)
        }
    }

    func testAPowerCutEarlyInARunSendsNothingTwice() throws {
        try cutAndResume(afterLines: 2)
    }

    func testAPowerCutLaterInARunSendsNothingTwice() throws {
        try cutAndResume(afterLines: 30)
    }

    func testAFullDiskReportsTheAcceptedLetterAndTheNextRunRecordsIt() throws {
        let server = try SMTPTestServer(["--no-starttls"])
        try draftAndConfigure(server)
        _ = try snapshotHome()
        // Room for the two files a run writes when it starts (unrecorded outcomes: 64 KiB; notes
        // of hand-overs: 64 + 100 × 4,096 bytes) and about ten letters' bookkeeping in the
        // write-ahead log; then every write that grows a file fails.
        let budget = 65_536 + 64 + 100 * 4_096 + 10 * 14_000
        let full = try outreach(
            ["send", "--rate", "0"],
            environment: [
                "LD_PRELOAD": shim, "POWERCUT_DIR": realHome, "POWERCUT_SHADOW": shadow,
                "POWERCUT_ENOSPC_AFTER": String(budget),
            ])
        XCTAssertEqual(full.status, 1, full.stderr)
        // The letters whose 250 the queue could not take are named, by id.
        let pattern =
            /error: letters? ([0-9, ]+) (?:was|were) accepted by the server, but the queue could not record (?:it|them): (.*)/
        let match = try XCTUnwrap(full.stderr.firstMatch(of: pattern), full.stderr)
        let accepted = match.1.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertFalse(accepted.isEmpty, full.stderr)
        XCTAssertTrue(match.2.contains("full"), full.stderr)
        XCTAssertTrue(
            full.stderr.contains("hint: kept in \(database).unrecorded: the next 'outreach send' records"), full.stderr)
        XCTAssertTrue(accepted.allSatisfy { $0 > 1 && $0 < Int64(letterCount) }, "the disk filled mid-run: \(accepted)")
        let before = try letters()
        let received = try server.received().flatMap(\.rcptTos)
        for id in accepted {
            XCTAssertNotEqual(before[Int(id) - 1].status, .sent, "letter \(id) is not recorded in the queue")
            XCTAssertTrue(received.contains("r\(id)@example.com"), "letter \(id) was accepted")
            XCTAssertFalse(
                full.stdout.contains("letter \(id) "), "a letter whose outcome is not on disk is not printed as sent")
        }

        // Space again: the next plain run records them as sent, never sends them again, sends the rest.
        let next = try outreach("send", "--rate", "0")
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(
            next.stderr.contains("handed over by a run that could not record the outcome: recorded as sent now"),
            next.stderr)
        let final = try letters()
        XCTAssertEqual(final.map(\.status), Array(repeating: .sent, count: letterCount))
        for id in accepted {
            XCTAssertTrue(final[Int(id) - 1].lastReply.hasPrefix("250 2.0.0 Ok: queued as Q"))
            XCTAssertEqual(
                try history(of: id).map(\.kind),
                [.drafted, .sending, .sent], "its history whole")
        }
        let recipients = try server.received().flatMap(\.rcptTos)
        XCTAssertEqual(recipients.sorted(), (1...letterCount).map { "r\($0)@example.com" }.sorted(), "each once")
    }

    /// A power cut while a letter whose To was deferred, and whose Cc was accepted, is retried
    /// (issue 11's outcomes): after the reboot the claim, synced before the content, says the
    /// letter may have gone and in which status it was claimed; the next run marks it unknown
    /// with the To its retry went to, and the accepted copy stays accepted: `--retry-unknown`
    /// goes to the To alone, and the copy never goes twice.
    func testAPowerCutDuringTheRetryOfADeferredToLeavesItsAcceptedCopyAlone() throws {
        try draftLetters(1, cc: "clerk@example.org")
        let first = try SMTPTestServer(["--no-starttls", "--rcpt-once", "r1@example.com=451"])
        try configure(port: first.port, security: "none")
        XCTAssertEqual(try send().status, 75)
        XCTAssertEqual(try recipients(of: 1).map { $0["state"] ?? "" }, ["deferred", "accepted"])
        try makeDue(1)

        let second = try SMTPTestServer(["--no-starttls", "--hold", "1"])
        try configure(port: second.port, security: "none")
        let initial = try snapshotHome()
        let process = Process()
        process.executableURL = RunOutreach.binary
        process.arguments = ["send", "--rate", "0"]
        process.environment = [
            "OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "LD_PRELOAD": shim, "POWERCUT_DIR": realHome,
            "POWERCUT_SHADOW": shadow,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        XCTAssertTrue(second.waitUntilHolding(1), "the run never handed the retry over")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        second.release(1)
        XCTAssertEqual(second.heldRecipients(1), ["r1@example.com"], "the retry went to the To alone")

        try cutPower(initial: initial)
        let resumed = try outreach(
            ["send", "--rate", "0"], environment: ["LD_PRELOAD": shim, "POWERCUT_BOOT_ID": UUID().uuidString])
        XCTAssertEqual(resumed.status, 1, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("marked unknown"), resumed.stderr)
        XCTAssertEqual(try letters().map(\.status), [.unknown])
        XCTAssertEqual(
            try recipients(of: 1).map { $0["state"] ?? "" }, ["unknown", "accepted"],
            "the To the lost retry went to is unknown with its letter; the copy stays accepted")

        let retried = try send("--retry-unknown")
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertEqual(try letters().map(\.status), [.sent])
        let everyone = try first.received().flatMap(\.rcptTos) + second.received().flatMap(\.rcptTos)
        XCTAssertEqual(everyone.filter { $0 == "clerk@example.org" }.count, 1, "the copy went once in all")
        XCTAssertEqual(try second.received().last?.rcptTos, ["r1@example.com"], "the asked-for retry: the To alone")
    }
}
