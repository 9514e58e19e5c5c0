import XCTest

@testable import OutreachKit

/// ~/.netrc as curl reads it, and the rule that only an entry for the configured user gives a password.
final class NetrcFileTests: XCTestCase {
    func testOnlyAnEntryForTheUserGivesAPassword() {
        let file = NetrcFile(
            text: """
                # a comment line: machine 127.0.0.1 login dana password commented-out
                machine mail.example.org login other password Other-PW-77
                machine MAIL.example.org
                    login dana
                    password "a b\\"c\\\\d"
                macdef init
                machine mail.example.org login dana password in-a-macro

                machine imap.example.org login other password x
                default login dana password from-default
                """)
        XCTAssertEqual(file.lookup(host: "mail.example.org", user: "dana"), .password("a b\"c\\d"))
        XCTAssertEqual(file.lookup(host: "mail.example.org", user: "other"), .password("Other-PW-77"))
        XCTAssertEqual(file.lookup(host: "imap.example.org", user: "dana"), .password("from-default"))
        XCTAssertEqual(file.lookup(host: "smtp.example.org", user: "dana"), .password("from-default"))
        XCTAssertEqual(file.lookup(host: "imap.example.org", user: "erin"), .otherLogins(["other"]))
        XCTAssertEqual(file.lookup(host: "mail.example.org", user: "Dana"), .otherLogins(["other", "dana"]))
        XCTAssertEqual(file.lookup(host: "nowhere.example.org", user: "erin"), .none)
        XCTAssertEqual(NetrcFile(text: "machine h password p\n").lookup(host: "h", user: "dana"), .otherLogins([""]))
    }
}
