import Foundation
import OutreachKit
import OutreachTestSupport
import XCTest

/// `outreach recipients update` against a real HTTPS server on 127.0.0.1 (Python's http.server
/// in TLS with the tests' throwaway CA), serving source files these tests make: small, a few rows.
/// Each test checks which lists are in use afterwards.
final class UpdateTests: CLITestCase {
    var certificates: TestCertificates!
    var server: HTTPSTestServer!
    var sources: TemporaryDirectory!

    override func setUpWithError() throws {
        try super.setUpWithError()
        certificates = try TestCertificates()
        server = try HTTPSTestServer(certificates: certificates)
        sources = try TemporaryDirectory("outreach-sources")
    }

    override func tearDown() {
        server = nil
        certificates = nil
        sources = nil
        super.tearDown()
    }

    // MARK: Fixtures

    /// A state legislator's Open States file.
    static func legislator(
        _ number: Int, name: String, state: String = "ca", chamber: String = "lower", district: String
    ) -> String {
        """
        id: ocd-person/00000000-0000-4000-8000-\(String(format: "%012d", number))
        name: \(name)
        given_name: \(name.split(separator: " ").first ?? "")
        family_name: \(name.split(separator: " ").last ?? "")
        email: legislator\(number)@example.org
        party:
        - name: Democratic
        roles:
        - start_date: 2024-12-02
          type: \(chamber)
          jurisdiction: ocd-jurisdiction/country:us/state:\(state)/government
          district: '\(district)'
        offices:
        - classification: capitol
          address: 1 Capitol;Capital City, \(state.uppercased()) 00000
          voice: 555-0100
        sources:
        - url: https://example.org/\(number)

        """
    }

    /// A mayor's Open States file (Oakland's jurisdiction).
    static func mayor(_ number: Int, name: String, end: String = "2099-01-01") -> String {
        """
        id: ocd-person/00000000-0000-4000-9000-\(String(format: "%012d", number))
        name: \(name)
        given_name: \(name.split(separator: " ").first ?? "")
        family_name: \(name.split(separator: " ").last ?? "")
        email: mayor\(number)@example.org
        roles:
        - start_date: 2023-01-01
          end_date: \(end)
          type: mayor
          jurisdiction: ocd-jurisdiction/country:us/state:ca/place:oakland/government
        sources:
        - url: https://example.org/mayor\(number)

        """
    }

    /// Makes an Open States archive as GitHub serves it (`people-main/data/...`) in the served
    /// folder, with `files` (path below `data/` → text), every member dated `date`.
    @discardableResult
    func makeArchive(_ name: String, files: [String: String], date: Date = Date()) throws -> String {
        let work = try TemporaryDirectory("outreach-archive")
        for (path, text) in files {
            let file = try work.write("people-main/data/\(path)", text)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file)
        }
        let archive = server.root.path(name)
        let zip = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"), ["-m", "zipfile", "-c", archive, "people-main"], in: work.url.path
        )
        XCTAssertEqual(zip.status, 0, zip.stderr)
        return archive
    }

    /// The default archive: Oakland's mayor "Mo Fixture", two California assemblymembers.
    func makeGoodArchive(_ name: String = "people.zip", mayor: String = "Mo Fixture") throws {
        try makeArchive(
            name,
            files: [
                "ca/municipalities.yml":
                    "- name: Oakland\n  id: ocd-jurisdiction/country:us/state:ca/place:oakland/government\n",
                "ca/municipalities/mayor.yml": Self.mayor(1, name: mayor),
                "ca/municipalities/former.yml": Self.mayor(2, name: "Former Mayor", end: "2020-01-01"),
                "ca/legislature/a.yml": Self.legislator(1, name: "Ana Fixture", district: "18"),
                "ca/legislature/b.yml": Self.legislator(2, name: "Ben Fixture", chamber: "upper", district: "7"),
                "us/legislature/c.yml":
                    "id: ocd-person/x\nname: Terry Test\nemail: https://example.org/form-from-open-states\nother_identifiers:\n- scheme: bioguide\n  identifier: T000002\n",
            ])
    }

    static let congressYAML = """
        - id:
            bioguide: T000001
          name:
            first: Terry
            last: Senate
            official_full: Terry Senate
          terms:
          - type: sen
            start: '2023-01-03'
            end: '2029-01-03'
            state: CA
            party: Democrat
            url: https://example.org/terry
            contact_form: https://example.org/terry/contact
            address: 1 Senate Office Building Washington DC 20510
            phone: 202-555-0100
        - id:
            bioguide: T000002
          name:
            first: Robin
            last: House
          terms:
          - type: rep
            start: '2025-01-03'
            end: '2027-01-03'
            state: CA
            district: 12
            party: Democrat
            url: https://example.org/robin

        """

    static let zccdCSV = "state_fips,state_abbr,zcta,cd\n06,CA,94612,13\n06,CA,94601,12\n06,CA,94601,13\n"

    /// The names of the mayors in use for Oakland.
    func oaklandMayors() throws -> [String] {
        let result = try outreach(
            "recipients", "list", "--to", "mayor", "--city", "Oakland", "--state", "CA", "--anywhere", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode([[String: String]].self, from: Data(result.stdout.utf8)).compactMap {
            $0["name"]
        }
    }

    /// Where `current` points, and the folders beside it: a failed update changes neither.
    func downloadedState() -> [String] {
        let folder = "\(home)/downloaded"
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/current")) ?? "(none)"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0 != "update.lock"
        }.sorted()
        return ["current -> \(link)"] + names
    }

    func update(_ arguments: String...) throws -> RunResult {
        try outreach(["recipients", "update", "--ca-file", certificates.ca] + arguments)
    }

    /// The one `error:` line of a failed run, checked to be one line naming `url`.
    func errorLine(_ result: RunResult, names url: String, file: StaticString = #filePath, line: UInt = #line) -> String
    {
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(errors.first?.contains(url) ?? false, result.stderr, file: file, line: line)
        XCTAssertTrue(
            result.stderr.contains("hint: the lists in use are unchanged"), result.stderr, file: file, line: line)
        return errors.first.map(String.init) ?? ""
    }

    // MARK: Tests

    func testAGoodUpdateReplacesTheListsInUseAndAnUnchangedOneCostsOneRequest() throws {
        XCTAssertEqual(try oaklandMayors(), ["Barbara Lee"], "the shipped list before any update")
        try makeGoodArchive()
        // The day the update stamps: the one it ran on (a run may cross midnight UTC).
        let dayBefore = RunOutreach.day()
        let first = try update("--from", server.url("people.zip"))
        let updateDays = Set([dayBefore, RunOutreach.day()])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("openstates: updated from \(server.url("people.zip"))"), first.stdout)
        XCTAssertTrue(first.stdout.contains("left out 1 mayor record whose term has ended"), first.stdout)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])
        // The new California list replaces the shipped one; New York's stays the shipped one.
        let california = try outreach(
            "recipients", "list", "--to", "state-legislator", "--state", "CA", "--anywhere", "--json")
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(california.stdout.utf8))
        XCTAssertEqual(rows.compactMap { $0["name"] }.sorted(), ["Ana Fixture", "Ben Fixture"])
        XCTAssertEqual(rows.first { $0["name"] == "Ana Fixture" }?["jurisdiction"], "California State Assembly")
        XCTAssertTrue(rows.allSatisfy { $0["source_row"]?.hasPrefix("\(home)/downloaded/set-") ?? false }, "\(rows)")
        let newYork = try outreach(
            "recipients", "list", "--to", "state-legislator", "--state", "NY", "--anywhere", "--json")
        XCTAssertEqual(try JSONDecoder().decode([[String: String]].self, from: Data(newYork.stdout.utf8)).count, 213)
        let dates = try String(contentsOfFile: "\(home)/downloaded/current/data-dates.tsv", encoding: .utf8)
        XCTAssertTrue(
            updateDays.contains { day in
                dates.contains(
                    "mayors.csv\t\(day)\toutreach recipients update --source openstates\topenstates\t\(server.url("people.zip"))\t"
                )
            }, dates)
        let before = downloadedState()

        let second = try update("--from", server.url("people.zip"))
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("openstates: unchanged"), second.stdout)
        let requests = try server.requests()
        XCTAssertEqual(requests.map(\.status), [200, 304], "one round trip for an unchanged source")
        XCTAssertNotNil(requests.last?.if_none_match)
        XCTAssertNotNil(requests.last?.if_modified_since)
        XCTAssertEqual(downloadedState(), before, "an unchanged source makes no new set")
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])

        // The other two sources, in one run; congress.csv keeps the Open States forms it knew.
        try server.root.write("legislators-current.yaml", Self.congressYAML)
        try server.root.write("zccd.csv", Self.zccdCSV)
        let both = try update("--from", server.url("legislators-current.yaml"), "--from", server.url("zccd.csv"))
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(
            both.stdout.contains("congress-legislators: updated") && both.stdout.contains("zccd: updated"), both.stdout)
        let lookup = try outreach("recipients", "lookup", "--zip", "94601")
        XCTAssertTrue(lookup.stdout.hasPrefix("ZIP 94601 lies in 2 districts"), lookup.stdout)
        XCTAssertTrue(
            lookup.stdout.contains(
                "CA-12:\n  Robin House, Representative, U.S. House of Representatives\n  Terry Senate"), lookup.stdout)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"], "the Open States lists were carried into the new set")
    }

    func testATruncatedDownloadLeavesTheListsInUse() throws {
        try makeGoodArchive()
        XCTAssertEqual(try update("--from", server.url("people.zip")).status, 0)
        let before = downloadedState()
        try makeGoodArchive("newer.zip", mayor: "Nia Newer")
        let result = try update("--from", server.url("truncated/newer.zip"))
        XCTAssertEqual(result.status, 75, result.stderr)
        let line = errorLine(result, names: server.url("truncated/newer.zip"))
        XCTAssertTrue(line.contains("the file is truncated"), line)
        XCTAssertEqual(downloadedState(), before)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])
    }

    func testAMalformedArchiveIsRefusedNamingTheMemberAndLine() throws {
        try makeArchive(
            "broken.zip",
            files: [
                "ca/legislature/good.yml": Self.legislator(1, name: "Ana Fixture", district: "18"),
                "ca/legislature/broken.yml": "id: ocd-person/x\nname: [Broken\nroles: {\n",
            ])
        let result = try update("--from", server.url("broken.zip"))
        XCTAssertEqual(result.status, 65, result.stderr)
        let line = errorLine(result, names: server.url("broken.zip"))
        XCTAssertTrue(line.contains(": cannot read data/ca/legislature/broken.yml: not valid YAML: "), line)
        XCTAssertEqual(downloadedState(), ["current -> (none)"], "nothing was kept")
        XCTAssertEqual(try oaklandMayors(), ["Barbara Lee"])
    }

    func testAnArchiveMemberLargerThanAPersonsFileIsRefused() throws {
        try makeArchive(
            "huge.zip",
            files: [
                "ca/legislature/good.yml": Self.legislator(1, name: "Ana Fixture", district: "18"),
                "ca/legislature/huge.yml": String(repeating: "# padding\n", count: 500_000),
            ])
        let result = try update("--from", server.url("huge.zip"))
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(
            errorLine(result, names: server.url("huge.zip")).contains(
                "people-main/data/ca/legislature/huge.yml: the member is 5000000 bytes"), result.stderr)
        XCTAssertEqual(downloadedState(), ["current -> (none)"])
    }

    func testAFileThatIsNotTheSourcesFormatIsRefused() throws {
        try server.root.write("people.zip", "<html><body>Moved</body></html>\n")
        let result = try update("--source", "openstates", "--from", server.url("people.zip"))
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(
            errorLine(result, names: server.url("people.zip")).contains("not a ZIP archive of Open States people data"),
            result.stderr)
        try server.root.write("zccd.csv", "state_fips,state_abbr,zcta,cd\n06,CA,94612,12\n06,CA,9461,x\n")
        let rows = try update("--from", server.url("zccd.csv"))
        XCTAssertEqual(rows.status, 65, rows.stderr)
        XCTAssertTrue(
            errorLine(rows, names: server.url("zccd.csv")).contains(
                ": line 3: field 'row' is not 'state_fips,state_abbr,zcta,cd'"), rows.stderr)
        try makeGoodArchive()
        let big = try update("--from", server.url("people.zip"), "--max-size", "100")
        XCTAssertEqual(big.status, 65, big.stderr)
        XCTAssertTrue(
            errorLine(big, names: server.url("people.zip")).contains("larger than the limit of 100 bytes"), big.stderr)
        XCTAssertEqual(downloadedState(), ["current -> (none)"])
        XCTAssertEqual(try oaklandMayors(), ["Barbara Lee"])
    }

    func testASlowServerPastTheTimeoutLeavesTheListsInUse() throws {
        try makeGoodArchive()
        XCTAssertEqual(try update("--from", server.url("people.zip")).status, 0)
        let before = downloadedState()
        try makeGoodArchive("newer.zip", mayor: "Nia Newer")
        let result = try update("--from", server.url("stall/newer.zip"), "--timeout", "2")
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(
            errorLine(result, names: server.url("stall/newer.zip")).contains("nothing arrived for 2 seconds"),
            result.stderr)
        XCTAssertTrue(server.isStalling, "the server had started the response")
        XCTAssertEqual(downloadedState(), before)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])
    }

    func testCertificatesAreVerified() throws {
        try makeGoodArchive()
        let untrusted = try outreach("recipients", "update", "--from", server.url("people.zip"))
        XCTAssertEqual(untrusted.status, 69, untrusted.stderr)
        XCTAssertTrue(errorLine(untrusted, names: server.url("people.zip")).contains("TLS failed"), untrusted.stderr)
        let wrongHost = try HTTPSTestServer(certificates: certificates, certificate: "wronghost")
        try FileManager.default.copyItem(
            atPath: server.root.path("people.zip"), toPath: wrongHost.root.path("people.zip"))
        let mismatch = try update("--from", wrongHost.url("people.zip"))
        XCTAssertEqual(mismatch.status, 69, mismatch.stderr)
        XCTAssertTrue(errorLine(mismatch, names: wrongHost.url("people.zip")).contains("TLS failed"), mismatch.stderr)
        let plain = try update("--from", "http://127.0.0.1:\(server.port)/people.zip")
        XCTAssertEqual(plain.status, 64, plain.stderr)
        let downgrade = try update("--from", server.url("to-http/people.zip"))
        XCTAssertEqual(downgrade.status, 64, downgrade.stderr)
        XCTAssertTrue(downgrade.stderr.contains("redirected to an address that is not https://"), downgrade.stderr)
        XCTAssertEqual(
            try wrongHost.requests().count, 0, "no request reached a server whose certificate is for another host")
        XCTAssertEqual(downloadedState(), ["current -> (none)"])
        let redirected = try update("--from", server.url("redirect/people.zip"))
        XCTAssertEqual(redirected.status, 0, redirected.stderr)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])
    }

    func testASecondUpdateWhileOneRunsIsRefused() throws {
        try makeGoodArchive()
        let first = Process()
        first.executableURL = RunOutreach.binary
        first.arguments = [
            "recipients", "update", "--ca-file", certificates.ca, "--from", server.url("stall/people.zip"), "--timeout",
            "120",
        ]
        first.environment = ["OUTREACH_HOME": home, "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        waitUntil("the first update is downloading") { server.isStalling }
        let second = try update("--from", server.url("people.zip"))
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("error: another 'outreach recipients update' is running"), second.stderr)
        server.release()
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(try oaklandMayors(), ["Mo Fixture"])
        XCTAssertEqual(try server.requests().map(\.path), ["/stall/people.zip"], "the second update asked for nothing")
    }

    func testALocalFileWorksAndOlderDataDoesNotReplaceTheShippedLists() throws {
        // 2020-06-15 at noon UTC: 05:00 in the runs' time zone, the time the ZIP stores (it keeps
        // local times, without a zone), read back as that day (once read as UTC, then shown in
        // Los Angeles: the 14th).
        let old = Date(timeIntervalSince1970: 1_592_222_400)
        let archive = try makeArchive(
            "old.zip",
            files: [
                "ca/municipalities.yml":
                    "- name: Oakland\n  id: ocd-jurisdiction/country:us/state:ca/place:oakland/government\n",
                "ca/municipalities/mayor.yml": Self.mayor(1, name: "Olde Mayor"),
                "ca/legislature/a.yml": Self.legislator(1, name: "Ana Fixture", district: "18"),
            ], date: old)
        let result = try outreach("recipients", "update", "--from", archive)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("openstates: updated from \(archive) (data as of 2020-06-15"), result.stdout)
        XCTAssertTrue(result.stdout.contains("the shipped lists stay in use where they are newer"), result.stdout)
        XCTAssertEqual(try oaklandMayors(), ["Barbara Lee"], "the shipped list is newer than 2020")
        let missing = try outreach("recipients", "update", "--from", folder.path("nothing.zip"))
        XCTAssertEqual(missing.status, 66, missing.stderr)
        let unknown = try outreach("recipients", "update", "--source", "wikipedia")
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
    }
}
