import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 18: temporary files and folders are made with mkstemp and mkdtemp: a name no one can
/// guess or create first, 0600 and 0700.
final class PrivateFilesTests: XCTestCase {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    func testWritingDoesNotGoThroughAPlantedTemporaryFile() throws {
        let folder = try TemporaryDirectory()
        let victim = try folder.write("victim.txt", "untouched\n")
        let file = folder.url.appendingPathComponent("private/profile.toml")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        // The name the temporary file used to have, made first by someone else.
        let planted = file.deletingLastPathComponent().appendingPathComponent(".profile.toml.\(getpid()).tmp")
        try FileManager.default.createSymbolicLink(atPath: planted.path, withDestinationPath: victim)
        try PrivateFiles.write(Data("name = \"Dana\"\n".utf8), to: file)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "untouched\n")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "name = \"Dana\"\n")
        XCTAssertEqual(try mode(file.path), 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
        XCTAssertEqual(left.sorted(), [".profile.toml.\(getpid()).tmp", "profile.toml"])
    }

    func testTemporaryFoldersAreNewPrivateAndUnguessable() throws {
        let folder = try TemporaryDirectory()
        let parent = folder.url.appendingPathComponent("home")
        let first = try PrivateFiles.makeTemporaryFolder(in: parent, prefix: "edit")
        let second = try PrivateFiles.makeTemporaryFolder(in: parent, prefix: "edit")
        XCTAssertNotEqual(first, second)
        XCTAssertTrue(first.lastPathComponent.hasPrefix("edit-"))
        XCTAssertFalse(first.lastPathComponent.contains(String(getpid())))
        XCTAssertEqual(try mode(first.path), 0o700)
        XCTAssertEqual(try mode(parent.path), 0o700)
        let (file, descriptor) = try PrivateFiles.makeTemporaryFile(beside: first.appendingPathComponent("x.pdf"))
        close(descriptor)
        XCTAssertTrue(file.lastPathComponent.hasPrefix(".x.pdf."))
        XCTAssertEqual(try mode(file.path), 0o600)
    }
}
