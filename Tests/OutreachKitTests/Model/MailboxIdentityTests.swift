import XCTest

@testable import OutreachKit

final class MailboxIdentityTests: XCTestCase {
    func testOneOfficeOneKey() {
        func key(_ email: String = "", _ form: String = "", _ name: String = "A", _ address: String = "") -> String {
            MailboxIdentity.key(email: email, contactForm: form, name: name, address: address)
        }
        XCTAssertEqual(key("Mayor@Springfield.EXAMPLE.org"), "email:mayor@springfield.example.org")
        XCTAssertEqual(key("mayor@springfield.example.org"), key("MAYOR@springfield.example.org"))
        XCTAssertEqual(key("", "HTTPS://Example.org/Contact/#top"), "form:https://example.org/Contact")
        XCTAssertNotEqual(key("", "https://example.org/contact"), key("", "https://example.org/Contact"))
        XCTAssertEqual(key("", "", "Cy  Post", "1 City Hall\n Gamma"), key("", "", "cy post", "1 city hall gamma"))
        XCTAssertNotEqual(key("", "", "Cy Post", "1 City Hall"), key("", "", "Di Post", "1 City Hall"))
        XCTAssertEqual(key("a@example.org", "https://example.org/f", "A", "1 Main"), "email:a@example.org")
        XCTAssertEqual(key(), "")
        XCTAssertTrue(MailboxIdentity.sameMailbox("Office@Example.org", "office@example.ORG"))
        XCTAssertEqual(MailboxIdentity.shown("email:a@example.org"), "a@example.org")
    }

    func testALettersKeyComesFromItsChannel() {
        XCTAssertEqual(
            MailboxIdentity.key(
                channel: .email, envelopeTo: "Mayor@Example.org cc@example.org", contactForm: "https://x.example.org",
                name: "A", postalAddress: "1 Main"),
            "email:mayor@example.org")
        XCTAssertEqual(
            MailboxIdentity.key(
                channel: .webForm, envelopeTo: "", contactForm: "https://x.example.org/", name: "A",
                postalAddress: "1 Main"),
            "form:https://x.example.org")
        XCTAssertEqual(
            MailboxIdentity.key(
                channel: .postal, envelopeTo: "", contactForm: "", name: "A  B", postalAddress: "1 Main"),
            "postal:a b / 1 main")
    }
}
