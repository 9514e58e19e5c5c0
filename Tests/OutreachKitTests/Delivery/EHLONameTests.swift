import XCTest

@testable import OutreachKit

/// The name given in EHLO, chosen by a function rather than by renaming the machine.
final class EHLONameTests: XCTestCase {
    func testTheNameIsChosenInOrder() {
        // (configured smtp.helo, machine name, local address, the name sent, why)
        let rows: [(String?, String?, String?, String, String)] = [
            ("mail.example.org", "laptop", "192.0.2.1", "mail.example.org", "smtp.helo wins"),
            (nil, "laptop.example.org", "192.0.2.1", "laptop.example.org", "a name with a dot"),
            (
                nil, "Laptop.Example.ORG.", "192.0.2.1", "laptop.example.org",
                "a fully qualified name, folded, without the root dot"
            ),
            (nil, "laptop", "192.0.2.1", "[192.0.2.1]", "a name without a dot: the address literal"),
            (nil, "läptop.example.org", "192.0.2.1", "[192.0.2.1]", "non-ASCII is never sent raw"),
            (nil, "lap#top.example.org", "192.0.2.1", "[192.0.2.1]", "a # is not in any domain"),
            (nil, "lap top.example.org", "192.0.2.1", "[192.0.2.1]", "nor a space"),
            (nil, "my_host.example.org", "192.0.2.1", "[192.0.2.1]", "nor an underscore"),
            (nil, "-bad.example.org", "192.0.2.1", "[192.0.2.1]", "a label starts with a letter or digit"),
            (nil, "localhost.localdomain", "192.0.2.1", "[192.0.2.1]", "localhost names say nothing"),
            (nil, "localhost", "192.0.2.1", "[192.0.2.1]", "localhost"),
            (nil, "laptop", "2001:DB8::1", "[IPv6:2001:db8::1]", "an IPv6 literal (RFC 5321 §4.1.3)"),
            (nil, "laptop", "fe80::1%eth0", "[IPv6:fe80::1]", "the zone dropped"),
            (nil, "laptop", "::ffff:192.0.2.7", "[192.0.2.7]", "an IPv4-mapped address, as IPv4"),
            (nil, nil, nil, "[127.0.0.1]", "nothing known"),
            (nil, "laptop", "not an address", "[127.0.0.1]", "an unusable address"),
        ]
        for (configured, machine, local, expected, why) in rows {
            let chosen = EHLOName.choose(configured: configured, machineName: machine, localAddress: local)
            XCTAssertEqual(chosen, expected, why)
            XCTAssertTrue(chosen.unicodeScalars.allSatisfy(\.isASCII), why)
        }
    }

    func testSMTPHeloValuesAreChecked() {
        for good in ["mail.example.org", "laptop", "[192.0.2.1]", "[IPv6:2001:db8::1]", "xn--lptop-cua.example.org"] {
            XCTAssertNil(EHLOName.problem(with: good), good)
        }
        let bad: [(String, String)] = [
            ("läptop.example.org", "outside ASCII"),
            ("lap#top.example.org", "not a domain name"),
            ("[192.0.2]", "not an address literal"),
            ("[IPv6:192.0.2.1]", "not an address literal"),
            ("[2001:db8::1]", "not an address literal"),
            ("a..b", "not a domain name"),
        ]
        for (value, reason) in bad {
            XCTAssertTrue(EHLOName.problem(with: value)?.contains(reason) ?? false, value)
        }
    }

    func testTheLocalAddressTowardALoopbackServer() {
        XCTAssertEqual(EHLOName.localAddress(toward: "127.0.0.1", port: 587), "127.0.0.1")
        XCTAssertNil(EHLOName.localAddress(toward: "no such host.invalid", port: 587))
    }

    func testTheURLCarriesTheNameWhateverItHolds() {
        // libcurl takes the EHLO name from the URL's path, percent-decoded: every byte outside
        // the unreserved set is encoded, so a # or a space cannot end the URL early.
        XCTAssertEqual(
            CurlEasy.smtpURL(scheme: "smtp", host: "mail.example.org", port: 587, ehloName: "[IPv6:2001:db8::1]"),
            "smtp://mail.example.org:587/%5BIPv6%3A2001%3Adb8%3A%3A1%5D")
        XCTAssertEqual(
            CurlEasy.smtpURL(scheme: "smtps", host: "2001:db8::25", port: 465, ehloName: "lap#top"),
            "smtps://[2001:db8::25]:465/lap%23top")
    }
}
