import Foundation
import GRDB
import OutreachKit
import OutreachTestSupport
import XCTest

/// Issue 13: `outreach replies` against a real Dovecot (imap_server.py) on 127.0.0.1, with
/// letters sent for real through aiosmtpd so that their Message-IDs are the queue's.
final class RepliesTests: CLITestCase {
    static let imapPassword = "imap/p@ss%w+rd;x"  // no colon: passwd-file separates fields with it
    private var certificates: TestCertificates!
    private var maildir: String { folder.path("Maildir") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        certificates = try TestCertificates()
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(sub)", withIntermediateDirectories: true)
        }
    }

    /// Drafts letters to r1..rN@example.com and sends them through aiosmtpd.
    /// - Returns: each letter's Message-ID by its id.
    private func sendLetters(_ count: Int) throws -> [Int: String] {
        if !FileManager.default.fileExists(atPath: folder.path("home/profile.toml")) { try makeOaklandProfile() }
        var csv = Self.header + "\n"
        for index in 1...count {
            csv +=
                Self.row(
                    id: "r\(index)", name: "Mayor Number\(index)", family: "Number\(index)", city: "Town\(index)",
                    email: "r\(index)@example.com") + "\n"
        }
        XCTAssertEqual(
            try draftFixture(
                csv: csv, template: Self.template(body: "Dear Mayor {{recipient.family_name}},\nThank you.\n")
            ).status, 0)
        let smtp = try SMTPTestServer(["--no-starttls"])
        try setProfile(["smtp.url": "smtp://127.0.0.1:\(smtp.port)", "smtp.security": "none"])
        let sent = try outreach("send", "--rate", "0")
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertEqual(try smtp.received().count, count)
        return Dictionary(uniqueKeysWithValues: try letters().map { (Int($0.id), $0.messageId) })
    }

    private func setProfile(_ values: [String: String]) throws {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let result = try outreach("profile", "set", key, value)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
    }

    private func configureIMAP(_ server: IMAPTestServer, scheme: String = "imaps", caFile: Bool = true) throws {
        var values = ["imap.url": "\(scheme)://127.0.0.1:\(server.port)", "imap.username": "dana"]
        if caFile { values["imap.ca_file"] = certificates.ca }
        try setProfile(values)
    }

    private func replies(_ extra: [String] = [], password: String = RepliesTests.imapPassword) throws -> RunResult {
        try outreach(["replies"] + extra, environment: ["OUTREACH_IMAP_PASSWORD": password])
    }

    /// A fixture from Tests/Fixtures/Replies with the letters' Message-IDs and a date put in.
    private func fixture(_ name: String, ids: [Int: String], date: String) throws -> Data {
        var text = try String(contentsOfFile: "\(Repository.fixtures)/Replies/\(name).eml", encoding: .utf8)
        for (id, messageId) in ids { text = text.replacingOccurrences(of: "@@ID\(id)@@", with: messageId) }
        return Data(text.replacingOccurrences(of: "@@DATE@@", with: date).utf8)
    }

    /// Writes a message into the Maildir: into new/ (unseen, as delivered) or cur/ with flags.
    private func deliver(_ data: Data, name: String, flags: String? = nil) throws {
        let file = flags.map { "cur/\(name):2,\($0)" } ?? "new/\(name)"
        try data.write(to: URL(fileURLWithPath: "\(maildir)/\(file)"))
    }

    /// The events `replies` added: (letter id, kind), in order.
    private func replyEvents() throws -> [[String]] {
        let queue = try DatabaseQueue(path: database)
        return try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT letterId, kind FROM event WHERE kind NOT IN ('sending', 'sent') ORDER BY letterId, id"
            ).map {
                [String(($0[0] as Int64)), $0[1] as String]
            }
        }
    }

    private func inbound(_ letterId: Int) throws -> [InboundRecord] {
        try LetterQueue(file: URL(fileURLWithPath: database), readOnly: true).inboundMessages(letterId: Int64(letterId))
    }

    func testRepliesBouncesAndAutoRepliesAreRecordedOnceAndTheMailboxIsUnchanged() throws {
        let ids = try sendLetters(10)
        let date = MessageDate.format(Date())
        let fixtures: [(String, String?)] = [
            ("office-reply-plain", nil), ("office-reply-quoted-printable", "S"), ("office-reply-references-only", "RS"),
            ("postfix-bounce-mailbox-full", nil), ("exchange-ndr-unknown-user", "F"), ("gmail-dsn-delayed", ""),
            ("bounce-without-returned-headers", nil), ("vacation-auto-reply", "S"), ("newsletter-unrelated", nil),
            ("reply-to-other-mail", "S"), ("own-copy", "S"), ("dsn-without-fields", nil), ("malformed", nil),
        ]
        for (index, (name, flags)) in fixtures.enumerated() {
            try deliver(try fixture(name, ids: ids, date: date), name: "17644\(index).M\(index)P1.test", flags: flags)
        }
        // A reply whose header is ISO 8859-1, not UTF-8.
        var latin =
            Data("Date: \(date)\nFrom: Secr".utf8) + Data([0xE9]) + Data("taire <r9@example.com>\nSubject: R".utf8)
            + Data([0xE9])
        latin += Data(
            "ponse\nIn-Reply-To: \(ids[9] ?? "")\nMessage-ID: <latin9@example.com>\nContent-Type: text/plain; charset=iso-8859-1\n\nNous avons bien re"
                .utf8)
        latin += Data([0xE7]) + Data("u votre lettre.\n".utf8)
        try deliver(latin, name: "1764413.M13P1.test")
        // A reply with a 50 MB attachment: only its start is read.
        var large = Data(
            "Date: \(date)\nFrom: r10@example.com\nSubject: Re: Hello Town10\nIn-Reply-To: \(ids[10] ?? "")\nMessage-ID: <large10@example.com>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"big\"\n\n--big\nContent-Type: text/plain\n\nThe city's report is attached.\n\n--big\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=report.pdf\nContent-Transfer-Encoding: base64\n\n"
                .utf8)
        let line = Data((String(repeating: "JVBERi0xLjcK", count: 6) + "\n").utf8)
        large.reserveCapacity(52_000_000)
        while large.count < 50_000_000 { large.append(line) }
        large += Data("--big--\n".utf8)
        try deliver(large, name: "1764414.M14P1.test", flags: "S")

        let server = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, certificates: certificates)
        try configureIMAP(server)
        let before = try IMAPTestServer.snapshot(maildir)
        let first = try replies()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(
            first.stdout.split(separator: "\n").first.map(String.init),
            "INBOX: 15 new messages: 5 replies, 1 automatic reply, 3 bounces, 1 delay report, 4 unrelated, 1 skipped.")
        let notes = first.stderr.split(separator: "\n")
        XCTAssertEqual(notes.count, 1, first.stderr)
        XCTAssertNotNil(
            notes.first?.range(
                of:
                    #"^note: UID [0-9]+ in INBOX skipped: a delivery report without Action or Status for any recipient$"#,
                options: .regularExpression),
            first.stderr)
        XCTAssertFalse(first.stdout.contains(Self.imapPassword) || first.stderr.contains(Self.imapPassword))
        XCTAssertTrue(
            try IMAPTestServer.snapshot(maildir) == before, "the Maildir (names with flags, and bytes) is unchanged")

        let expected: [[String]] = [
            ["1", "replied"], ["2", "replied"], ["3", "replied"], ["4", "bounced"], ["5", "bounced"], ["6", "delayed"],
            ["7", "bounced"],
            ["8", "auto-replied"], ["9", "replied"], ["10", "replied"],
        ]
        XCTAssertEqual(try replyEvents(), expected)
        let statuses = try letters().map { "\($0.id):\($0.status.rawValue)" }
        XCTAssertEqual(
            statuses,
            [
                "1:replied", "2:replied", "3:replied", "4:bounced", "5:bounced", "6:sent", "7:bounced", "8:sent",
                "9:replied", "10:replied",
            ])

        let plain = try XCTUnwrap(try inbound(1).first)
        XCTAssertEqual(plain.sender, "Office of the Mayor <r1@example.com>")
        XCTAssertEqual(plain.subject, "Re: Hello Town1")
        XCTAssertEqual(
            plain.excerpt,
            "Dear Ms. Rivera,\nThank you for writing to the Mayor. Your letter has been shared with\nthe Mayor and the City Council.\nSincerely,\nConstituent Services"
        )
        let quoted = try XCTUnwrap(try inbound(2).first)
        XCTAssertEqual(quoted.sender, "Bureau du maire Élodie <r2@example.com>")
        XCTAssertEqual(quoted.subject, "Réponse: Hello Town2")
        XCTAssertEqual(
            quoted.excerpt, "Merci beaucoup, Mme Rivera. Le maire a lu votre lettre et vous répondra bientôt.")
        XCTAssertEqual(try inbound(3).first?.excerpt, "We received your letter and forwarded it to the council.")
        let full = try XCTUnwrap(try inbound(4).first)
        XCTAssertEqual([full.recipient, full.action, full.status], ["r4@example.com", "failed", "5.2.2"])
        XCTAssertEqual(full.diagnostic, "smtp; 552 5.2.2 <r4@example.com>: Mailbox full")
        let unknown = try XCTUnwrap(try inbound(5).first)
        XCTAssertEqual([unknown.recipient, unknown.action, unknown.status], ["r5@example.com", "failed", "5.1.10"])
        XCTAssertEqual(
            unknown.diagnostic,
            "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
        let delayed = try XCTUnwrap(try inbound(6).first)
        XCTAssertEqual(
            [delayed.kind.rawValue, delayed.recipient, delayed.action, delayed.status],
            ["delayed", "r6@example.com", "delayed", "4.4.1"])
        XCTAssertEqual([try inbound(7).first?.recipient, try inbound(7).first?.status], ["r7@example.com", "5.1.1"])
        XCTAssertEqual(
            try inbound(8).first?.excerpt,
            "I am out of the office until December 7 with limited access to email.\nFor urgent matters call the front desk."
        )
        let latinReply = try XCTUnwrap(try inbound(9).first)
        XCTAssertEqual(
            [latinReply.sender, latinReply.subject, latinReply.excerpt],
            ["Secrétaire <r9@example.com>", "Réponse", "Nous avons bien reçu votre lettre."])
        XCTAssertEqual(try inbound(10).first?.excerpt, "The city's report is attached.")

        // The log and `show` tell who answered and whose letters bounced.
        let repliedLog = try outreach("log", "--status", "replied", "--json")
        let repliedIds = try JSONDecoder().decode([LogEntry].self, from: Data(repliedLog.stdout.utf8)).map(\.id)
            .sorted()
        XCTAssertEqual(repliedIds, [1, 2, 3, 9, 10])
        let bouncedLog = try JSONDecoder().decode(
            [LogEntry].self, from: Data(try outreach("log", "--status", "bounced", "--json").stdout.utf8))
        XCTAssertEqual(bouncedLog.map(\.id).sorted(), [4, 5, 7])
        XCTAssertTrue(
            bouncedLog.first { $0.id == 4 }?.reply.hasPrefix("bounced: r4@example.com: Action failed, Status 5.2.2")
                ?? false)
        let unanswered = try JSONDecoder().decode(
            [LogEntry].self, from: Data(try outreach("log", "--unanswered", "--json").stdout.utf8))
        XCTAssertEqual(unanswered.map(\.id).sorted(), [6, 8])
        XCTAssertEqual(try outreach("log", "--unanswered", "--older-than", "7d").stdout, "No letters match.\n")
        let shown = try outreach("show", "1")
        XCTAssertTrue(
            shown.stdout.contains("replied  from Office of the Mayor <r1@example.com>: Re: Hello Town1"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("      | Dear Ms. Rivera,"), shown.stdout)
        XCTAssertTrue(
            try outreach("show", "4").stdout.contains(
                "bounced  r4@example.com: Action failed, Status 5.2.2, smtp; 552 5.2.2"))

        // A second run reads nothing new and changes nothing.
        let eventsAfterFirst = try replyEvents()
        let second = try replies()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout, "INBOX: nothing new.\n")
        XCTAssertEqual(second.stderr, "")
        XCTAssertEqual(try replyEvents(), eventsAfterFirst)
        XCTAssertTrue(try IMAPTestServer.snapshot(maildir) == before)

        // Dovecot's index and UID list made anew: a new UIDVALIDITY, so the whole mailbox is
        // read again, and nothing is recorded twice.
        let lastRun = Int(Date().timeIntervalSince1970)
        server.stop()
        waitUntil("the clock passes the second of the last run, so the new UIDVALIDITY differs") {
            Int(Date().timeIntervalSince1970) > lastRun
        }
        let renumbered = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, certificates: certificates)
        try configureIMAP(renumbered)
        let third = try replies()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(
            third.stdout,
            "INBOX: the server renumbered it (UIDVALIDITY changed), so all of it was read again; 15 new messages: 10 already recorded, 4 unrelated, 1 skipped.\n"
        )
        XCTAssertEqual(try replyEvents(), eventsAfterFirst)
        XCTAssertTrue(try IMAPTestServer.snapshot(maildir) == before)
    }

    func testALaterRunReadsOnlyTheMessagesThatCameSince() throws {
        let ids = try sendLetters(2)
        let date = MessageDate.format(Date())
        // More messages than one listing page (250) and many header batches (50).
        let count = 600
        for index in 0..<count {
            try deliver(
                Data(
                    "Date: \(date)\nFrom: news@example.net\nSubject: News \(index)\nMessage-ID: <news.\(index)@example.net>\n\nHello.\n"
                        .utf8), name: "\(index).M\(index)P1.test", flags: "S")
        }
        let server = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, certificates: certificates)
        try configureIMAP(server)
        let first = try replies()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "INBOX: \(count) new messages: \(count) unrelated.\n")
        try deliver(try fixture("office-reply-plain", ids: ids, date: date), name: "later1.M1P1.test")
        try deliver(
            try fixture("postfix-bounce-mailbox-full", ids: [4: ids[2] ?? ""], date: date), name: "later2.M2P1.test")
        let second = try replies()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout.split(separator: "\n").first, "INBOX: 2 new messages: 1 reply, 1 bounce.")
        XCTAssertEqual(try replyEvents(), [["1", "replied"], ["2", "bounced"]])
    }

    func testSinceLeavesOlderMessagesOutForGood() throws {
        let ids = try sendLetters(2)
        let date = MessageDate.format(Date())
        try deliver(try fixture("office-reply-plain", ids: ids, date: date), name: "old.M1P1.test")
        try deliver(try fixture("office-reply-quoted-printable", ids: ids, date: date), name: "recent.M2P1.test")
        // INTERNALDATE is the file's modification time in a Maildir.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_577_880_000)],
            ofItemAtPath: "\(maildir)/new/old.M1P1.test")
        let server = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, certificates: certificates)
        try configureIMAP(server)
        let first = try replies(["--since", "30d"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout.split(separator: "\n").first, "INBOX: 1 new message: 1 reply.")
        XCTAssertEqual(try replyEvents(), [["2", "replied"]])
        let second = try replies()
        XCTAssertEqual(second.stdout, "INBOX: nothing new.\n")
        XCTAssertEqual(try replyEvents(), [["2", "replied"]])
    }

    func testSTARTTLSCertificatesLoginAndMailboxErrors() throws {
        try makeOaklandProfile()
        XCTAssertEqual(try replies().status, 78, "no imap.url")
        let server = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, mode: "starttls", certificates: certificates)
        try configureIMAP(server, scheme: "imap")
        // No letter yet: nothing to match, no connection.
        XCTAssertEqual(try replies().stdout, "No letter has been sent yet: there is nothing to match replies to.\n")
        _ = try sendLetters(1)
        let ok = try replies(["--json"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let summaries = try JSONDecoder.outreachOutput.decode([MailboxSummary].self, from: Data(ok.stdout.utf8))
        XCTAssertEqual(summaries, [MailboxSummary(mailbox: "INBOX")])

        let wrong = try replies(password: "not-the-password")
        XCTAssertEqual(wrong.status, 77, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("error: 127.0.0.1 refused the login for dana:"), wrong.stderr)
        let missing = try replies(["--mailbox", "Nowhere"])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("error: the mailbox 'Nowhere' cannot be read: NO"), missing.stderr)

        // Certificates are always verified: without the test CA the server is not trusted.
        let profile = try outreach("profile", "set", "imap.ca_file", "")
        XCTAssertEqual(profile.status, 0)
        let untrusted = try replies()
        XCTAssertEqual(untrusted.status, 69, untrusted.stderr)
        XCTAssertTrue(
            untrusted.stderr.contains("error: TLS with 127.0.0.1 port \(server.port) failed"), untrusted.stderr)
        for result in [ok, wrong, missing, untrusted] {
            XCTAssertFalse(result.stdout.contains(Self.imapPassword) || result.stderr.contains(Self.imapPassword))
        }
        XCTAssertNil(
            (databaseBytes() ?? Data()).range(of: Data(Self.imapPassword.utf8)), "the password is not in the database")
    }

    /// The IMAP login takes a ~/.netrc password only from an entry for imap.username.
    func testNetrcGivesOnlyTheConfiguredUsersPassword() throws {
        _ = try sendLetters(1)
        let server = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, certificates: certificates)
        try configureIMAP(server)
        let home = folder.path("netrc-home")
        try folder.write("netrc-home/.netrc", "machine 127.0.0.1 login other password Other-PW-77\n")
        let refused = try outreach(["replies"], environment: ["HOME": home])
        XCTAssertEqual(refused.status, 78, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "error: ~/.netrc has no entry for dana (imap.username) at 127.0.0.1, only for other: outreach logs in only as dana"
            ), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("or set OUTREACH_IMAP_PASSWORD or imap.password_command"), refused.stderr)
        try folder.write(
            "netrc-home/.netrc",
            "machine 127.0.0.1 login other password Other-PW-77\nmachine 127.0.0.1 login dana password \(Self.imapPassword)\n"
        )
        let read = try outreach(["replies"], environment: ["HOME": home])
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertFalse(read.stdout.contains(Self.imapPassword) || read.stderr.contains(Self.imapPassword))
    }

    /// The 993/143 mix-up is told as `send` tells the 465/587 one: what the port expects, and
    /// the imap.url to set, with the user's host and port (it was OpenSSL's "wrong version
    /// number" with a hint about imap.ca_file, or "no greeting").
    func testTheTLSModeMixUpSaysWhatToSet() throws {
        _ = try sendLetters(1)
        let plain = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, mode: "starttls", certificates: certificates)
        try configureIMAP(plain, scheme: "imaps")
        let implicit = try replies()
        XCTAssertEqual(implicit.status, 78, implicit.stderr)
        XCTAssertEqual(
            implicit.stderr,
            "error: imaps:// (TLS from the first byte) to 127.0.0.1 port \(plain.port), which answered in plain text: that port expects STARTTLS (imap://)\nhint: set: outreach profile set imap.url imap://127.0.0.1:\(plain.port)\n"
        )
        plain.stop()
        let tls = try IMAPTestServer(
            maildir: maildir, user: "dana", password: Self.imapPassword, mode: "tls", certificates: certificates)
        try configureIMAP(tls, scheme: "imap")
        try setProfile(["imap.timeout": "2"])
        let starttls = try replies()
        XCTAssertEqual(starttls.status, 78, starttls.stderr)
        XCTAssertEqual(
            starttls.stderr,
            "error: no greeting from 127.0.0.1 port \(tls.port) within 2 seconds: that port expects TLS from the first byte (IMAPS), not imap://\nhint: set: outreach profile set imap.url imaps://127.0.0.1:\(tls.port)\n"
        )
        // The hint's setting is the fix.
        try configureIMAP(tls, scheme: "imaps")
        let fixed = try replies()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
    }

    func testASilentServerEndsWithinTheTimeout() throws {
        _ = try sendLetters(1)
        // A server that accepts connections and never says a word.
        let silent = Process()
        silent.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        silent.arguments = [
            "-c",
            """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
            print(s.getsockname()[1], flush=True)
            held = []
            while True:
                held.append(s.accept()[0])
            """,
        ]
        let output = Pipe()
        silent.standardOutput = output
        try silent.run()
        defer { silent.terminate() }
        var line = Data()
        while !line.contains(0x0A) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let port = try XCTUnwrap(
            Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        for scheme in ["imaps", "imap"] {
            try setProfile(["imap.url": "\(scheme)://127.0.0.1:\(port)", "imap.username": "dana", "imap.timeout": "2"])
            let result = try replies()
            XCTAssertEqual(result.status, 69, "\(scheme): \(result.stderr)")
            XCTAssertTrue(
                result.stderr.contains("error: cannot connect to 127.0.0.1 port \(port): no greeting within 2 seconds"),
                "\(scheme): \(result.stderr)")
        }
    }

    func testIMAPSettingsAreChecked() throws {
        try makeOaklandProfile()
        for (arguments, status, text) in [
            (["imap.url", "http://imap.example.org"], Int32(78), "is not an imap:// or imaps:// URL"),
            (["imap.url", "imaps://dana:secret@imap.example.org"], 78, "holds a user or password"),
            (["imap.password", "secret"], 78, "is never stored in the profile"),
            (["imap.timeout", "0"], 78, "is not a whole number of seconds"),
            (["imap.mailbox", " , "], 78, "names no mailbox"),
            (["imap.sever", "x"], 64, "unknown profile key 'imap.sever'"),
        ] {
            let result = try outreach(["profile", "set"] + arguments)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(text), "\(arguments): \(result.stderr)")
            XCTAssertFalse(
                result.stderr.contains("secret") && arguments[0] == "imap.password", "a password is never echoed")
        }
        // imap.username defaults to smtp.username.
        try setProfile([
            "imap.url": "imaps://imap.example.org", "smtp.username": "dana@example.org",
            "imap.mailbox": "INBOX, Bounces",
        ])
        let settings = try IMAPSettings(
            profile: try ProfileStore(file: URL(fileURLWithPath: folder.path("home/profile.toml"))).load())
        XCTAssertEqual(
            [settings.username, settings.host, String(settings.port)], ["dana@example.org", "imap.example.org", "993"])
        XCTAssertEqual(settings.mailboxes, ["INBOX", "Bounces"])
    }

    func testRecipientsNotWrittenAndOneKeyStyleForScripts() throws {
        try makeOaklandProfile()
        var csv = Self.header + "\n"
        for index in 1...3 { csv += Self.row(id: "r\(index)", city: "Town\(index)") + "\n" }
        let recipients = try folder.write("Recipients/test.csv", csv)
        XCTAssertEqual(
            try draftFixture(
                csv: csv, template: Self.template(body: "Dear Mayor,\nThank you.\n"), extra: ["--limit", "2"]
            ).status, 0)
        XCTAssertEqual(try outreach("discard", "2").status, 0)
        let list = try outreach(
            "recipients", "list", "--recipients", recipients, "--anywhere", "--not-written", "--json")
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(list.stdout.utf8))
        XCTAssertEqual(rows.map { $0["recipient_id"] }, ["r3"], "a discarded letter counts as written")
        let other = try outreach(
            "recipients", "list", "--recipients", recipients, "--anywhere", "--not-written", "--template", "other",
            "--json")
        XCTAssertEqual(try JSONDecoder().decode([[String: String]].self, from: Data(other.stdout.utf8)).count, 3)
        XCTAssertEqual(
            try outreach("recipients", "list", "--template", "letter").status, 64, "--template goes with --not-written")
        // The log carries the same key, recipient_id, in the same style.
        let log = try outreach("log", "--json")
        let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(objects.compactMap { $0["recipient_id"] as? String }.sorted(), ["r1", "r2"])
        XCTAssertEqual(Set(objects.first?.keys.map { $0 } ?? []), Set(LogEntry.jsonKeys))
    }
}
