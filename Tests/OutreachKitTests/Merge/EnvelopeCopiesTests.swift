import Foundation
import XCTest

@testable import OutreachKit

final class EnvelopeCopiesTests: XCTestCase {
    private func template(cc: [String]) throws -> LetterTemplate {
        let list = cc.map { "\"\($0)\"" }.joined(separator: ", ")
        return try TemplateLoader.parse(
            "---\naudience: mayor\nsubject: Hi\ncc: [\(list)]\n---\nDear Mayor,\n", name: "t", file: "t.txt")
    }

    func testEachMailboxOnceAndTheCopyToSelfInTheEnvelopeOnly() throws {
        let sender = try AddrSpec("dana@example.org")
        let copies = EnvelopeCopies(
            template: try template(cc: ["{{ sender.email }}", "Office@example.org", "office@EXAMPLE.org"]),
            sender: sender, copyMe: true)
        XCTAssertEqual(copies.cc.map(\.address.description), ["dana@example.org", "Office@example.org"])
        XCTAssertNil(copies.copyToSelf, "the sender is in Cc already")
        let office = try AddrSpec("OFFICE@example.org")
        XCTAssertEqual(copies.ccIndex(of: office), 1)
        let envelope = copies.envelope(to: office, dropping: copies.ccIndex(of: office))
        XCTAssertEqual(envelope.addresses, ["OFFICE@example.org", "dana@example.org"])
        XCTAssertEqual(envelope.roles, [.to, .cc])

        let selfOnly = EnvelopeCopies(template: try template(cc: []), sender: sender, copyMe: true)
        let mayor = try AddrSpec("mayor@example.com")
        XCTAssertEqual(selfOnly.envelope(to: mayor, dropping: nil).roles, [.to, .copyToSelf])
        XCTAssertEqual(selfOnly.envelope(to: sender, dropping: nil).addresses, ["dana@example.org"])
        XCTAssertEqual(EnvelopeCopies(template: try template(cc: []), sender: sender, copyMe: false).cc, [])
    }

    func testATemplateMayCopyTheSenderButNoOtherTag() throws {
        XCTAssertNoThrow(try template(cc: ["{{sender.email}}"]))
        XCTAssertThrowsError(try template(cc: ["{{recipient.email}}"]))
        XCTAssertThrowsError(try template(cc: ["{{sender.name}}"]))
    }
}
