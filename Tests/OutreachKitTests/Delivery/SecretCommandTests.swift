import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 18: `smtp.password_command` (and `imap.password_command`, the same code) reads one
/// line within a bound and a timeout, starts with only the standard descriptors, and refuses
/// what is not UTF-8; every failure is a configuration error (exit 78).
final class SecretCommandTests: XCTestCase {
    private func firstLine(_ command: String, timeout: String? = nil) throws -> String {
        var environment: [String: String] = [:]
        if let timeout { environment[SecretCommand.timeoutVariable] = timeout }
        return try SecretCommand.firstLine(of: command, key: "smtp.password_command", environment: environment)
    }

    private func assertProblem(
        _ command: String, timeout: String? = nil, _ words: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try firstLine(command, timeout: timeout), file: file, line: line) { error in
            guard case .secretCommandProblem(let key, let problem, _) = error as? DeliveryError else {
                return XCTFail("\(error)", file: file, line: line)
            }
            XCTAssertEqual(key, "smtp.password_command", file: file, line: line)
            XCTAssertTrue(problem.contains(words), problem, file: file, line: line)
            XCTAssertEqual((error as? DeliveryError)?.exitCode, 78, file: file, line: line)
        }
    }

    func testTheFirstLineIsTheSecret() throws {
        XCTAssertEqual(try firstLine("printf 's3cr3t\\nsecond line\\n'"), "s3cr3t")
        XCTAssertEqual(try firstLine("printf 'pässwörd\\r\\n'"), "pässwörd")
        XCTAssertEqual(try firstLine("printf 'no line break'"), "no line break")
    }

    func testEndlessOutputIsCutAtTheBound() throws {
        let start = Date()
        assertProblem("yes", "printed more than 1 MiB")
        assertProblem("head -c 40000 /dev/zero | tr '\\\\0' x", "first line longer than 16 KiB")
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
    }

    func testACommandThatDoesNotEndIsStoppedAtTheTimeout() throws {
        let folder = try TemporaryDirectory()
        let start = Date()
        assertProblem("sleep 1000", timeout: "0.5", "did not finish within 0.5 seconds")
        // Printing the line and then hanging is stopped too, with what it started.
        let marker = folder.path("started")
        assertProblem(
            "echo secret; (touch \(marker); sleep 987654); echo never", timeout: "1", "did not finish within 1 seconds")
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker))
        let left = try RunOutreach.runProgram(
            URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", "sleep 987654"], in: folder.url.path)
        XCTAssertEqual(left.stdout, "", "a process the command started is still running")
        XCTAssertThrowsError(try firstLine("echo x", timeout: "forever")) { error in
            guard case .badSetting(let key, _, _, _) = error as? DeliveryError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, SecretCommand.timeoutVariable)
        }
    }

    func testTheCommandGetsOnlyTheStandardDescriptors() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("open.txt", "x")
        // Open without close-on-exec, as a library might.
        let descriptor = open(path, O_RDONLY)
        XCTAssertGreaterThan(descriptor, 2)
        defer { close(descriptor) }
        // The shell's own descriptors; the one the glob opens is closed again when tested.
        XCTAssertEqual(
            try firstLine("for f in /proc/$$/fd/*; do [ -e \"$f\" ] && printf '%s ' \"${f##*/}\"; done; echo"), "0 1 2 "
        )
    }

    func testInvalidUTF8IsRefusedNotRepaired() throws {
        assertProblem("printf 'p\\377ss\\n'", "not UTF-8")
        XCTAssertThrowsError(try firstLine("printf 'pa\\033ss\\n'")) { error in
            XCTAssertEqual(error as? DeliveryError, .secretCommandControl(key: "smtp.password_command"))
        }
        XCTAssertThrowsError(try firstLine("exit 3")) { error in
            XCTAssertEqual(error as? DeliveryError, .secretCommandFailed(key: "smtp.password_command", status: 3))
        }
    }
}
