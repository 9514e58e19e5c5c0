import Foundation
import OutreachTestSupport
import XCTest

@testable import OutreachKit

/// Issue 3: every message is a correct RFC 5322 message, proven with Python's email parser.
final class MessageBuilderTests: XCTestCase {
    private func mailbox(_ name: String, _ address: String) throws -> Mailbox {
        Mailbox(displayName: name, address: try AddrSpec(address))
    }

    private func build(from: String = "Dana Rivera", to: String = "Barbara Lee", subject: String, body: String) throws
        -> [UInt8]
    {
        let fixed = try MessageBuilder.FixedFields(
            from: try mailbox(from, "dana@example.org"), cc: [], replyTo: [],
            date: Date(timeIntervalSince1970: 1_795_940_274))
        return try MessageBuilder.build(
            fixed: fixed, to: [try mailbox(to, "mayor@example.com")], subject: subject,
            messageID: MessageID.make(domain: "example.org", date: Date()), body: Array(body.utf8))
    }

    /// Builds, parses, and checks that From, To, Subject and body decode to exactly what went in.
    private func assertRoundTrip(
        from: String = "Dana Rivera", to: String = "Barbara Lee", subject: String, body: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> (CheckedMessage, [UInt8]) {
        let message = try build(from: from, to: to, subject: subject, body: body)
        let checked = try MessageCheck.check(message, file: file, line: line)
        XCTAssertEqual(checked.from, [.init(name: from, address: "dana@example.org")], file: file, line: line)
        XCTAssertEqual(checked.to, [.init(name: to, address: "mayor@example.com")], file: file, line: line)
        XCTAssertEqual(checked.subject, subject, file: file, line: line)
        let expectedBody = body.hasSuffix("\n") ? body : body + "\n"
        XCTAssertEqual(checked.text, expectedBody, file: file, line: line)
        return (checked, message)
    }

    func testPlainASCIILetterIs7bitUSASCII() throws {
        let (checked, message) = try assertRoundTrip(subject: "Thank you", body: "Dear Mayor Lee,\n\nThank you.\n")
        XCTAssertEqual(checked.content_transfer_encoding, "7bit")
        XCTAssertEqual(checked.charset, "us-ascii")
        let text = String(decoding: message, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("Date: "), text)
        XCTAssertTrue(text.contains("\r\nMIME-Version: 1.0\r\n"))
        XCTAssertTrue(text.contains("From: Dana Rivera <dana@example.org>\r\n"))
    }

    func testNamesAndSubjectsInManyScripts() throws {
        let cases: [(name: String, subject: String, body: String)] = [
            (
                "Jürgen Groß", "Grüße aus München: Straßenbahn für alle",
                "Sehr geehrter Herr Groß,\nÄrger über Öffnungszeiten.\n"
            ),
            (
                "Françoise Lefèvre", "Lettre à la maire : sécurité et confiance",
                "Madame la Maire,\nÇa compte beaucoup.\n"
            ),
            ("José Ñúñez", "¿Dónde está usted? Señor alcalde, gracias", "Estimado señor Ñúñez,\n¡Gracias!\n"),
            ("Nguyễn Thị Minh Khai", "Thư gửi thị trưởng về người nhập cư", "Kính gửi bà Nguyễn,\nCảm ơn bà.\n"),
            ("李小龍", "致市长的一封信：支持移民社区", "尊敬的市长：\n谢谢您。\n"),
            ("Zoë 🌻 Ortiz", "We stand with our neighbors 🤝🏽 and 👩‍👩‍👧‍👦 families", "Thank you 🙏\n"),
        ]
        for item in cases {
            let (checked, _) = try assertRoundTrip(
                from: item.name, to: item.name, subject: item.subject, body: item.body)
            XCTAssertEqual(checked.charset, "utf-8")
            XCTAssertEqual(checked.content_transfer_encoding, "quoted-printable")
        }
    }

    func testLongNonASCIISubjectIsSplitIntoWordsThatEachDecode() throws {
        let subject = String(repeating: "Ciudad santuario: ¿qué hará el Departamento de Justicia? ", count: 3).prefix(
            150)
        XCTAssertEqual(subject.count, 150)
        let (_, message) = try assertRoundTrip(
            subject: String(subject).trimmingCharacters(in: .whitespaces), body: "x\n")
        let head = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        let words = head.components(separatedBy: CharacterSet(charactersIn: " \r\n")).filter { $0.hasPrefix("=?") }
        XCTAssertGreaterThan(words.count, 2, "a 150-character subject needs several encoded-words")
        for word in words {
            XCTAssertLessThanOrEqual(word.count, 75, word)
            let payload = word.dropFirst("=?utf-8?B?".count).dropLast(2)
            let data = try XCTUnwrap(Data(base64Encoded: String(payload)), word)
            XCTAssertNotNil(String(data: data, encoding: .utf8), "\(word) does not decode alone as UTF-8")
        }
        for line in head.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 78, line) }
    }

    func testLongParagraphAndLongURLKeepEveryLineUnder998Octets() throws {
        let paragraph = String(repeating: "Residents must be able to call the police without fear. ", count: 27).prefix(
            1500)
        let url = "https://example.org/" + String(repeating: "a1b2c3d4e5", count: 118)
        XCTAssertEqual(url.count, 1200)
        let body = "\(paragraph)\n\n\(url)\n"
        let (checked, message) = try assertRoundTrip(subject: "Long lines", body: body)
        XCTAssertEqual(checked.content_transfer_encoding, "quoted-printable")
        for line in String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(line.utf8.count, 998)
            XCTAssertLessThanOrEqual(line.utf8.count, 76 + 200, "quoted-printable lines stay short")
        }
    }

    func testDotLinesAndFromLinesAreNotStuffedByTheBuilder() throws {
        let body = ".\n.hidden line\nFrom the desk of a resident\n..two dots\n"
        let (_, message) = try assertRoundTrip(subject: "Dots", body: body)
        let text = String(decoding: message, as: UTF8.self)
        XCTAssertTrue(
            text.contains("\r\n.\r\n.hidden line\r\nFrom the desk"),
            "libcurl stuffs dots on the wire, so the stored body is not stuffed")
    }

    func testEmptySubject() throws {
        let (checked, message) = try assertRoundTrip(subject: "", body: "Hello\n")
        XCTAssertEqual(checked.subject, "")
        XCTAssertTrue(String(decoding: message, as: UTF8.self).contains("\r\nSubject:\r\n"))
    }

    func testDisplayNameWithQuotesCommasAndParentheses() throws {
        let name = #"Lee, Barbara "Babs" (Mayor) \ Office"#
        let (checked, message) = try assertRoundTrip(to: name, subject: "Hi", body: "x\n")
        XCTAssertEqual(checked.to.first?.name, name)
        XCTAssertEqual(checked.to.count, 1, "the comma must not split the mailbox")
        XCTAssertTrue(String(decoding: message, as: UTF8.self).contains("<mayor@example.com>"))
    }

    func testAddrSpecIsNeverEncoded() throws {
        let (_, message) = try assertRoundTrip(to: "Ñandú Pérez", subject: "x", body: "x\n")
        let text = String(decoding: message, as: UTF8.self)
        XCTAssertTrue(text.contains(" <mayor@example.com>\r\n"), text)
    }

    func testControlCharactersInHeaderValuesAreRefused() throws {
        for bad in ["Lee\r\nBcc: x@example.org", "Lee\nBcc: x@example.org", "Lee\tMayor", "Lee\u{0}", "Lee\u{85}"] {
            XCTAssertThrowsError(try build(to: bad, subject: "x", body: "x")) { error in
                guard case MessageError.controlCharacter = error else { return XCTFail("\(error)") }
            }
            XCTAssertThrowsError(try build(subject: bad, body: "x")) { error in
                guard case MessageError.controlCharacter = error else { return XCTFail("\(error)") }
            }
        }
    }

    func testBodyLineBreaksBecomeCRLF() throws {
        let message = try build(subject: "x", body: "one\r\ntwo\nthree\rfour\n")
        let checked = try MessageCheck.check(message)
        XCTAssertEqual(checked.text, "one\ntwo\nthree\nfour\n")
        XCTAssertFalse(String(decoding: message, as: UTF8.self).contains("three\rfour"))
    }

    func testMessageIDsMadeInTheSameSecondDiffer() throws {
        let date = Date()
        var seen = Set<String>()
        for sequence in 0..<1000 {
            seen.insert(MessageID.make(domain: "example.org", date: date, sequence: sequence % 2))
        }
        XCTAssertEqual(seen.count, 1000)
        let id = MessageID.make(domain: "example.org", date: date)
        XCTAssertTrue(id.hasPrefix("<") && id.hasSuffix("@example.org>"), id)
    }

    func testRestampReplacesOnlyTheDate() throws {
        let message = try build(subject: "x", body: "x")
        let later = MessageBuilder.restamp(message, date: Date(timeIntervalSince1970: 1_800_000_000))
        let before = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n")
        let after = String(decoding: later, as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertNotEqual(before[0], after[0])
        XCTAssertEqual(Array(before.dropFirst()), Array(after.dropFirst()))
        _ = try MessageCheck.check(later)
    }

    func testLongAccentedDisplayNameDecodesWithoutStraySpaces() throws {
        // A split between two encoded-words inside a word decodes as "Herná ndez" in Python's
        // address parser; words that are plain atoms are left unencoded and runs split there.
        let name = "José Ñúñez-García de la Peña y Hernández Álvarez de Castañeda Muñoz"
        let (checked, message) = try assertRoundTrip(to: name, subject: "x", body: "x\n")
        XCTAssertEqual(checked.to.first?.name, name)
        let head = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        XCTAssertTrue(head.contains(" de la "), head)
    }

    /// Issue 18: a CSV name that is text looking like an encoded-word was written inside a
    /// quoted-string, which Python (both policies) decodes to a value with CR LF and a Bcc line.
    func testDisplayNameLookingLikeAnEncodedWordReadsAsItself() throws {
        for name in [
            "=?utf-8?Q?=0D=0ABcc:_v@example.com?=", "Alex =?utf-8?B?DQpCY2M6IHZAZXhhbXBsZS5jb20=?= Doe",
            "=?iso-8859-1?q?x?=", "Mayor =? Lee",
        ] {
            let (checked, message) = try assertRoundTrip(from: name, to: name, subject: name, body: "x\n")
            XCTAssertEqual(checked.to.first?.name, name)
            let head = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            XCTAssertFalse(head.contains("\"="), "a name with =? is never a quoted-string: \(head)")
        }
        // Too long for one encoded-word: no parser decodes it to anything with a line break.
        let long = "=?utf-8?Q?Alex=0D=0ABcc:_victim@example.com?="
        let checked = try MessageCheck.check(try build(from: long, to: long, subject: long, body: "x\n"))
        XCTAssertEqual(checked.to.first?.name.filter { $0 != " " }, long)
    }

    /// Issue 18: RFC 2047 §2: a header line holding an encoded-word is at most 76 characters
    /// (it reached 77 and 78 with the first word of a Subject or a To).
    func testHeaderLinesWithEncodedWordsAreAtMost76Characters() throws {
        var messages: [[UInt8]] = []
        for length in 1...90 {
            let text = String(String(repeating: "Ünïcödé wörds ", count: 8).prefix(length))
                .trimmingCharacters(in: .whitespaces)
            let name = String(String(repeating: "Zoë Ñúñez ", count: 8).prefix(length)).trimmingCharacters(
                in: .whitespaces)
            let message = try build(from: name, to: name, subject: text.isEmpty ? "é" : text, body: "x\n")
            for line in String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
                .components(separatedBy: "\r\n") where line.contains("=?")
            {
                XCTAssertLessThanOrEqual(line.utf8.count, 76, line)
            }
            messages.append(message)
        }
        _ = try MessageCheck.check(messages)
    }

    /// Issue 18 (found by the fuzz tests): a line starting with a character that combines with
    /// the line break before it (a tag character, a combining accent) kept its CR when read back.
    func testReadingBackTurnsEveryCRLFIntoLF() throws {
        let body = "one\n\u{E0041}\u{2066} two\n\u{301}three\n"
        let message = try build(subject: "x", body: body)
        XCTAssertEqual(MessageReader(message).body, body)
    }

    /// Issue 18: the last guard: no control character but tab and line breaks reaches a body,
    /// whatever check before it was missed.
    func testControlCharactersInABodyAreRefused() throws {
        for body in ["a\u{1B}[8mb", "nul\u{0}", "c1\u{85}", "ls\u{2028}", "del\u{7F}", "ff\u{0C}"] {
            XCTAssertThrowsError(try build(subject: "x", body: body), VisibleText.escaped(body)) { error in
                XCTAssertEqual(error as? MessageError, .controlCharacterInBody(field: "text", source: "message"))
            }
        }
        XCTAssertNoThrow(try build(subject: "x", body: "tab\tand\r\nbreaks\rand\nmore"))
    }

    func testATestCopyHasANewMessageIDOfTheSameShapeInTheHeaderOnly() {
        let id = "<1795940274.3f9c2a7e51d04b6c8a1e0f2d9b7c4a13.000001f3@example.org>"
        let date = Date(timeIntervalSince1970: 1_795_950_000)
        let first = MessageID.makeTest(for: id, date: date)
        let second = MessageID.makeTest(for: id, date: date)
        XCTAssertNotEqual(first, second, "each test copy has its own")
        XCTAssertEqual(first.count, id.count)
        XCTAssertTrue(first.hasPrefix("<1795950000.") && first.hasSuffix(".test0000@example.org>"), first)
        let message = Array("Date: x\r\nMessage-ID: \(id)\r\nTo: y\r\n\r\nMessage-ID: \(id)\r\n".utf8)
        XCTAssertEqual(
            String(decoding: MessageBuilder.copy(message, messageID: id, as: first), as: UTF8.self),
            "Date: x\r\nMessage-ID: \(first)\r\nTo: y\r\n\r\nMessage-ID: \(id)\r\n")
        let noField = Array("Date: x\r\n\r\nMessage-ID: \(id)\r\n".utf8)
        XCTAssertEqual(MessageBuilder.copy(noField, messageID: id, as: first), noField, "the body is never touched")
    }
}
