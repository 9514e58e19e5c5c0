import Foundation
import OutreachKit

/// How `outreach send --check` prints what it found, one fact a line.
enum CheckReport {
    /// Prints `check`'s facts.
    /// - Parameters:
    ///   - check: what `ServerCheck.run` found.
    ///   - settings: the SMTP settings, for the host and port.
    ///   - capKey: where the daily cap came from: `smtp.daily_cap` or `--daily-cap`.
    static func show(_ check: ServerCheck, settings: SMTPSettings, capKey: String) {
        let session = check.session
        func line(_ label: String, _ value: String) {
            print("\((label + ":").padding(toLength: 13, withPad: " ", startingAt: 0))\(value)")
        }
        line("Server", "\(settings.host) port \(settings.port) (\(check.url))")
        line("Greeting", session.greeting.isEmpty ? "(none)" : session.greeting)
        line("EHLO name", session.ehloName)
        if let version = session.tlsVersion {
            line("TLS", version + (session.tlsCipher.map { " (\($0))" } ?? ""))
        } else {
            line("TLS", "none (smtp.security none, loopback only)")
        }
        if let certificate = session.certificate {
            var expiry = certificate.expiry
            if let date = certificate.expiresAt {
                let days = Int(date.timeIntervalSinceNow / 86_400)
                expiry = "\(Timestamp.string(date).prefix(10)) (\(days >= 0 ? "in \(days) days" : "EXPIRED"))"
            }
            let checked = check.verified ? "verified" : "NOT verified (--insecure-skip-verify)"
            line(
                "Certificate", "\(certificate.subject); issued by \(certificate.issuer); expires \(expiry); \(checked)")
        }
        let mechanisms = session.authMechanisms.isEmpty ? "none offered" : session.authMechanisms.joined(separator: " ")
        if let user = session.user {
            line("AUTH", "\(mechanisms); logged in as \(user)\(session.authMechanism.map { " (\($0))" } ?? "")")
        } else {
            line("AUTH", "\(mechanisms); no login (smtp.username is not set)")
        }
        switch session.sizeLimit {
        case .none: line("SIZE", "not announced")
        case .some(0): line("SIZE", "no fixed limit")
        case .some(let bytes):
            line("SIZE", "\(bytes) bytes (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MB) per message")
        }
        if let left = check.capLeft {
            line(
                "Daily cap",
                "\(left) of \(check.dailyCap) left (\(check.sentInLastDay) sent in the last 24 hours; \(capKey))")
        } else {
            line("Daily cap", "none (\(capKey) 0); \(check.sentInLastDay) sent in the last 24 hours")
        }
        print("Nothing was sent.")
    }
}
